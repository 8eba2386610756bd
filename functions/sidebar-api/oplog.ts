// A sidebar write in the operation log (操作日志, shared/oplog): the member's session (or key) as the actor,
// the route pattern, the customer as target and the diff of what the member's follow held before and after.
// An entry that cannot be written is the admin API's 500 operation_log_failed (the change was applied).
import type { Clock } from '../../shared/clock';
import { boundedDiff } from '../../shared/oplog/bounded';
import { diffOf } from '../../shared/oplog/diff';
import type { OperationLogStore } from '../../shared/oplog/store';
import { OperationLogFailedError } from '../admin-api/operation-log';
import type { StaffMember } from './member';

export interface SidebarLogDeps {
  operationLog: OperationLogStore;
  clock: Clock;
}

export async function recordSidebarWrite(
  deps: SidebarLogDeps,
  member: StaffMember,
  route: string,
  target: Record<string, string>,
  before: unknown,
  after: unknown,
): Promise<void> {
  try {
    await deps.operationLog.append(
      {
        corpId: member.corpId,
        actor: { keyId: member.keyId, role: member.role, userId: member.userId },
        route,
        target,
        status: 200,
        source: 'resource',
        diff: boundedDiff(diffOf(before, after)),
      },
      deps.clock.now(),
    );
  } catch (e) {
    throw new OperationLogFailedError(e);
  }
}
