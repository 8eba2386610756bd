// GET /sidebar/v1/me: who the sidebar is signed in as (the page shows the name and registers the JS-SDK with
// the corp id and agent id).
import * as z from 'zod';
import type { StaffRegistry } from '../../shared/customers/staff-sync';
import type { TenantStore } from '../../shared/tenants/tenant';
import type { StaffMember } from './member';

export interface MeDeps {
  tenants: Pick<TenantStore, 'get'>;
  staffRegistry: Pick<StaffRegistry, 'get'>;
}

export const meView = z.strictObject({
  corpId: z.string(),
  userid: z.string(),
  name: z.string().describe('通讯录姓名，未同步时为 userid / directory name, the userid until synced'),
  agentId: z.string().nullable().describe('自建应用 AgentId / the app’s agent id'),
});

export async function me(deps: MeDeps, member: StaffMember): Promise<z.output<typeof meView>> {
  const [tenant, staff] = await Promise.all([deps.tenants.get(member.corpId), deps.staffRegistry.get(member.corpId, member.userId)]);
  return { corpId: member.corpId, userid: member.userId, name: staff?.name ?? member.userId, agentId: tenant?.agentId || null };
}
