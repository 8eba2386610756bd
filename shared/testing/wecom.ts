// A WeCom client for tests against the simulator: in-memory token cache and call budget.
import { createWecomClient } from '../wecom/client';
import { MemoryRateBudgetStore, MemoryTokenStore } from '../wecom/memory-stores';
import { createRateBudget } from '../wecom/rate-budget';

export const simulatorClient = (baseUrl: string) =>
  createWecomClient({ baseUrl, tokens: new MemoryTokenStore(), budget: createRateBudget({ store: new MemoryRateBudgetStore() }) });
