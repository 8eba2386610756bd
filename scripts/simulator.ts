// `npm run simulator`: the WeCom simulator alone, seeded with the demo tenant.
// SIM_PORT (default 3030), SIM_HOST (default 127.0.0.1).
import { DEMO_TENANT } from '../simulator/demo-tenant';
import { startSimulator } from '../simulator/server';
import { readLocalEnv } from './local/local-env';

const port = readLocalEnv().simulatorPort;
const host = process.env.SIM_HOST ?? '127.0.0.1';
const sim = await startSimulator({ port, host });
console.log(`WeCom simulator listening on ${sim.url}`);
console.log(`  demo corp ${DEMO_TENANT.corpId} (agent ${DEMO_TENANT.agentId}); control API under ${sim.url}/__sim/`);
console.log(`  e.g. curl "${sim.url}/__sim/calls"`);

const shutdown = () => {
  void sim.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
