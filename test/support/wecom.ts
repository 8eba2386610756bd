// A WeCom client for tests against the simulator: in-memory token cache and call budget.
import { createWecomClient } from '../../shared/wecom/client';
import { MemoryRateBudgetStore, MemoryTokenStore } from '../../shared/wecom/memory-stores';
import { createRateBudget } from '../../shared/wecom/rate-budget';

export const simulatorClient = (baseUrl: string) =>
  createWecomClient({ baseUrl, tokens: new MemoryTokenStore(), budget: createRateBudget({ store: new MemoryRateBudgetStore() }) });
