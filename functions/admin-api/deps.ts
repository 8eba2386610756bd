// What the admin API's use cases are given: every store the table store factory (shared/aws/table-stores.ts) builds, and the union of
// the use cases' own deps (WeCom, queues, the clock). The composition root (handler.ts) builds it. A new
// route's use case names the stores it needs with `Pick<AdminDeps, …>`: a store the factory builds is
// already here, so a new route needs no new wiring.
import type { tableStores } from '../../shared/aws/table-stores';
import type { ApiKeyStore } from '../../shared/auth/api-key';
import type { Clock } from '../../shared/clock';
import type { DueStore } from '../../shared/schedules/due';
import type { TenantStore } from '../../shared/tenants/tenant';
import type { BroadcastDeps } from './broadcasts';
import type { ChannelDeps } from './channels';
import type { ConversationDeps } from './conversations';
import type { CustomerDeps } from './customers';
import type { EventsDeps } from './events';
import type { GroupDeps } from './group-codes';
import type { JobsDeps } from './jobs';
import type { KeywordRuleDeps } from './keyword-rules';
import type { MaterialDeps } from './materials';
import type { AuditReader } from './list-audit';
import type { MetricsDeps } from './metrics';
import type { MomentDeps } from './moments';
import type { QuickReplyDeps } from './quick-replies';
import type { SopPlanDeps } from './sop-plans';
import type { StaffDeps } from './staff';
import type { TagDeps } from './tags';
import type { TransferDeps } from './transfers';
import type { WebhookDeps } from './webhooks';
import type { WebhookPublisher } from '../../shared/webhooks/webhook';
import type { RequestLog } from '../../shared/request-log';

/** The use cases' own deps. */
export interface UseCaseDeps
  extends
    EventsDeps,
    ChannelDeps,
    KeywordRuleDeps,
    ConversationDeps,
    QuickReplyDeps,
    CustomerDeps,
    StaffDeps,
    TagDeps,
    GroupDeps,
    JobsDeps,
    Omit<BroadcastDeps, 'customerRecords' | 'groups' | 'customerFields'>,
    Omit<SopPlanDeps, 'customerFields'>,
    Omit<WebhookDeps, 'webhooks'>,
    MomentDeps,
    TransferDeps,
    MaterialDeps,
    Omit<MetricsDeps, 'channels' | 'follows' | 'staffRegistry'> {
  tenants: TenantStore;
  due: DueStore;
  apiKeys: ApiKeyStore;
  auditLog: AuditReader;
  superAdminKeyHash: string | undefined;
  /** SESSION_SECRET (login sessions); unset: session cookies are refused. */
  sessionKey: string | undefined;
  clock: Clock;
  /** Webhook events the admin API establishes (stage moves, a broadcast cancelled); absent: none published. */
  webhookEvents?: WebhookPublisher | undefined;
  /** Correlation keys for the request's log lines (the dispatcher adds route and corpId); silent when absent. */
  log?: RequestLog;
}

/** Every store of the table store factory (shared/aws/table-stores.ts), and the use cases' deps. */
export type AdminDeps = ReturnType<typeof tableStores> & UseCaseDeps;
