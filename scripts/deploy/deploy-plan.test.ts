// The printed deploy plan: what is created, each option on or off with its monthly cost, and the notes an
// operator must act on (nobody receives alarms, no public URL yet, short log retention).
import { checkDeployConfig, type DeployConfig } from './deploy-config';
import { deployPlan, EGRESS_MONTHLY_USD, MONTHLY_USD } from './deploy-plan';

const inv = { functions: ['wecomCallback', 'adminApi', 'greeting'], queues: ['Relationship', 'Greeting'], tables: ['Table', 'IdempotencyTable'], alarms: 20 };
function config(extra: Record<string, unknown> = {}): DeployConfig {
  const r = checkDeployConfig({ adminApiKeyHash: 'a'.repeat(64), sessionSecret: 's'.repeat(40), ...extra });
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.config;
}

describe('deployPlan', () => {
  it('lists the functions, queues, tables and alarms with their cost', () => {
    const text = deployPlan('prod', config(), inv).join('\n');
    expect(text).toContain('stack siyu-prod, ap-east-1, arm64');
    expect(text).toContain('functions (3, one IAM role each): wecomCallback, adminApi, greeting');
    expect(text).toContain('queues (2, each with a DLQ): Relationship, Greeting');
    expect(text).toContain('tables: Table, IdempotencyTable');
    expect(text).toContain(`alarms in infra/: 20 (≈ USD ${(20 * MONTHLY_USD.alarm).toFixed(2)}/月`);
  });

  it('shows the NAT option off by default with what it would cost, and on with its cost when chosen', () => {
    const nat = (MONTHLY_USD.natGateway + MONTHLY_USD.elasticIp).toFixed(2);
    const off = deployPlan('prod', config(), inv).find((l) => l.includes('fixed egress IP'));
    expect(off).toMatch(/\[关 \/ off\].*egress=nat-gateway to enable/);
    expect(off).toContain(nat);
    const on = deployPlan('prod', config({ egress: 'nat-gateway' }), inv).find((l) => l.includes('fixed egress IP'));
    expect(on).toMatch(/\[开 \/ on \].*USD 0.045\/GB/);
    expect(on).toContain(nat);
  });

  it('offers the NAT instance as the cheaper fixed egress, and shows its cost (instance, disk, EIP, recover alarm) when chosen', () => {
    const inst = (MONTHLY_USD.natInstance + MONTHLY_USD.natInstanceDisk + MONTHLY_USD.elasticIp + MONTHLY_USD.alarm).toFixed(2);
    expect(EGRESS_MONTHLY_USD['nat-instance'].toFixed(2)).toBe(inst);
    expect(EGRESS_MONTHLY_USD['nat-instance']).toBeLessThan(EGRESS_MONTHLY_USD['nat-gateway']);
    expect(deployPlan('prod', config(), inv).find((l) => l.includes('fixed egress IP'))).toMatch(new RegExp(`egress=nat-instance \\(≈ USD ${inst}/`));
    const on = deployPlan('prod', config({ egress: 'nat-instance' }), inv).find((l) => l.includes('fixed egress IP'));
    expect(on).toMatch(/\[开 \/ on \].*NAT instance/);
    expect(on).toContain(inst);
    expect(on).not.toContain('0.045/GB');
  });

  it('shows the puller with its Fargate cost only when an image is given', () => {
    const img = '123456789012.dkr.ecr.ap-east-1.amazonaws.com/siyu-archive-puller:1';
    expect(deployPlan('prod', config(), inv).find((l) => l.includes('chat-archive puller'))).toMatch(/off.*—$/);
    expect(deployPlan('prod', config({ archivePullerImage: img }), inv).find((l) => l.includes('chat-archive puller'))).toContain(
      MONTHLY_USD.fargatePuller.toFixed(2),
    );
  });

  it('warns when alarms notify nobody, when there is no public URL, and when logs are kept under six months', () => {
    const notes = deployPlan('prod', config({ logRetentionDays: 90 }), inv).filter((l) => l.startsWith('注意') || l.includes('Cybersecurity'));
    expect(notes.join('\n')).toMatch(/alarms notify nobody/);
    expect(notes.join('\n')).toMatch(/publicBaseUrl/);
    expect(notes.join('\n')).toMatch(/six months/);
    const quiet = deployPlan('prod', config({ alarmEmail: 'ops@example.com', publicBaseUrl: 'https://scrm.example.com' }), inv);
    expect(quiet.filter((l) => l.startsWith('注意'))).toEqual([]);
  });

  it('notes the ICP filing for the China regions', () => {
    expect(deployPlan('prod', config({ region: 'cn-northwest-1', architecture: 'x86_64' }), inv).join('\n')).toMatch(/ICP/);
  });
});
