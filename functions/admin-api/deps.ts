// What the admin API's use cases are given: the union of their deps (stores, WeCom, queues, the clock).
// The composition root (handler.ts) builds it; a new route's use case names the stores it needs with
// `Pick<AdminDeps, …>`.
import type { ApiKeyStore } from '../../shared/auth/api-key';
import type { Clock } from '../../shared/clock';
import type { DueStore } from '../../shared/schedules/due';
import type { TenantStore } from '../../shared/tenants/tenant.schema';
import type { BroadcastDeps } from './broadcasts';
import type { ChannelDeps } from './channels';
import type { ConversationDeps } from './conversations';
import type { CustomerDeps } from './customers';
import type { EventsDeps } from './events';
import type { GroupDeps } from './group-codes';
import type { JobsDeps } from './jobs';
import type { KeywordRuleDeps } from './keyword-rules';
import type { AuditReader } from './list-audit';
import type { MetricsDeps } from './metrics';
import type { MomentDeps } from './moments';
import type { QuickReplyDeps } from './quick-replies';
import type { SopPlanDeps } from './sop-plans';
import type { StaffDeps } from './staff';
import type { TagDeps } from './tags';

export interface AdminDeps
  extends EventsDeps,
    ChannelDeps,
    KeywordRuleDeps,
    ConversationDeps,
    QuickReplyDeps,
    CustomerDeps,
    StaffDeps,
    TagDeps,
    GroupDeps,
    JobsDeps,
    Omit<BroadcastDeps, 'customerRecords' | 'groups'>,
    SopPlanDeps,
    MomentDeps,
    Omit<MetricsDeps, 'channels' | 'follows' | 'staffRegistry'> {
  tenants: TenantStore;
  due: DueStore;
  apiKeys: ApiKeyStore;
  auditLog: AuditReader;
  superAdminKeyHash: string | undefined;
  clock: Clock;
}
