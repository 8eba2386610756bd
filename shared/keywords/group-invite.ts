// The `inviteGroupCodeId` action of keyword rules: the invitation is the group code's QR link (the join
// way always points at a group with room, so the link never goes stale). A code that is exhausted or
// deleted invites nobody: the customer gets the rest of the answer and no dead link.
import type { GroupCodeRecord, GroupCodeStore } from '../groups/group-code';
import type { KeywordRuleRecord } from './keyword-rule';

export interface GroupInviteDeps {
  groupCodes: Pick<GroupCodeStore, 'get'>;
}

export const inviteText = (code: Pick<GroupCodeRecord, 'name' | 'qrCode'>) => `扫码加入「${code.name}」：${code.qrCode}`;

/** The invitation lines of the matched rules, one per distinct live group code, in rule order. */
export async function groupInvites(deps: GroupInviteDeps, corpId: string, rules: readonly KeywordRuleRecord[]): Promise<string[]> {
  const ids = [...new Set(rules.flatMap((r) => (r.actions.inviteGroupCodeId ? [r.actions.inviteGroupCodeId] : [])))];
  const codes = await Promise.all(ids.map((id) => deps.groupCodes.get(corpId, id)));
  return codes.flatMap((c) => (c && c.status === 'active' && c.qrCode ? [inviteText(c)] : []));
}
