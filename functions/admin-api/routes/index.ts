// The admin API's route table: every resource's entries, in one list. A route cannot exist without a
// permission and a scope (see shared/auth/policy.test.ts and scope-matrix.int.test.ts).
import type { AdminDeps } from '../deps';
import { makeDispatcher } from '../dispatch';
import type { Route } from '../route';
import { acquisitionLinkRoutes } from './acquisition-links';
import { apiKeyRoutes } from './api-keys';
import { archiveSecretRoutes } from './archive-secrets';
import { auditRoutes } from './audit';
import { broadcastRoutes } from './broadcasts';
import { channelRoutes } from './channels';
import { conversationRoutes } from './conversations';
import { customerFieldRoutes } from './customer-fields';
import { customerRoutes } from './customers';
import { eventRoutes } from './events';
import { groupCodeRoutes } from './group-codes';
import { groupWelcomeTemplateRoutes } from './group-welcome-templates';
import { groupRoutes } from './groups';
import { jobRoutes } from './jobs';
import { keywordRuleRoutes } from './keyword-rules';
import { materialRoutes } from './materials';
import { metricRoutes } from './metrics';
import { momentRoutes } from './moments';
import { operationLogRoutes } from './operation-log';
import { personalDataRoutes } from './personal-data';
import { quickReplyRoutes } from './quick-replies';
import { sessionRoutes } from './sessions';
import { sopPlanRoutes } from './sop-plans';
import { staffRoutes } from './staff';
import { tagRoutes } from './tags';
import { tenantRoutes } from './tenants';
import { transferRoutes } from './transfers';
import { webhookRoutes } from './webhooks';

export type { AdminDeps } from '../deps';

const RESOURCES = [
  tenantRoutes,
  apiKeyRoutes,
  archiveSecretRoutes,
  sessionRoutes,
  eventRoutes,
  channelRoutes,
  keywordRuleRoutes,
  quickReplyRoutes,
  conversationRoutes,
  groupCodeRoutes,
  groupWelcomeTemplateRoutes,
  groupRoutes,
  auditRoutes,
  operationLogRoutes,
  customerRoutes,
  customerFieldRoutes,
  staffRoutes,
  tagRoutes,
  jobRoutes,
  broadcastRoutes,
  sopPlanRoutes,
  momentRoutes,
  metricRoutes,
  acquisitionLinkRoutes,
  transferRoutes,
  webhookRoutes,
  personalDataRoutes,
  materialRoutes,
];

export const ROUTES: readonly Route<AdminDeps>[] = RESOURCES.flatMap((r): Route<AdminDeps>[] => Object.values(r));

/** The admin API handler over the whole table. */
export const makeAdminApi = (deps: AdminDeps) => makeDispatcher(deps, ROUTES);
