// A fresh tenant for an integration test: a corp in the WeCom simulator (demo staff unless the seed says
// otherwise) and the same corp as our tenant, with its secret encrypted by the given box.
import { randomBytes, randomUUID } from 'node:crypto';
import { upsertTenant, type UpsertTenantDeps } from '../../shared/tenants/upsert-tenant';
import { DEMO_STAFF } from '../../simulator/demo-tenant';
import type { SimCorp } from '../../simulator/model';
import type { RunningSimulator } from '../../simulator/server';

export const testAesKey = () => randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'x');

export async function newSimTenant(
  deps: UpsertTenantDeps & { sim: RunningSimulator },
  o: { prefix: string; secret: string; corp?: Partial<SimCorp>; settings?: Record<string, unknown> },
): Promise<string> {
  const corpId = `ww${o.prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  deps.sim.state.registerCorp({ staff: DEMO_STAFF, ...o.corp, corpId, secret: o.secret });
  await upsertTenant(deps, corpId, { name: o.prefix, token: 'TestToken01', encodingAesKey: testAesKey(), secret: o.secret, ...o.settings });
  return corpId;
}
