// What a deploy will create, printed before `osls deploy` runs: the functions, queues, tables and alarms,
// and each option on or off with its monthly cost figure. Pure: the inventory (read from serverless.yml
// and infra/ by deploy.ts) and the checked configuration in, lines of text out.
import type { DeployConfig } from './deploy-config';

export interface Inventory {
  functions: string[];
  queues: string[];
  tables: string[];
  alarms: number;
}

/**
 * Monthly list prices (USD, us-east-1, on-demand, 730 h) used for the figures; other regions cost more
 * (ap-east-1 and the China regions ~10–30 %, the China regions bill in CNY). docs/deploy.md gives sources.
 */
export const MONTHLY_USD = {
  natGateway: 32.85, // 0.045 USD/h, plus 0.045 USD per GB processed
  elasticIp: 3.65, // public IPv4 address, 0.005 USD/h
  alarm: 0.1, // standard-resolution alarm
  fargatePuller: 9.01, // 0.25 vCPU + 0.5 GB x86_64, always on
  natInstance: 3.07, // t4g.nano Linux on-demand, 0.0042 USD/h
  natInstanceDisk: 0.64, // 8 GB gp3 root volume, 0.08 USD per GB-month
} as const;

/** The fixed-egress options and their monthly figure (the Elastic IP in both; the instance's recover alarm). */
export const EGRESS_MONTHLY_USD = {
  'nat-gateway': MONTHLY_USD.natGateway + MONTHLY_USD.elasticIp,
  'nat-instance': MONTHLY_USD.natInstance + MONTHLY_USD.natInstanceDisk + MONTHLY_USD.elasticIp + MONTHLY_USD.alarm,
} as const;

const usd = (n: number) => `≈ USD ${n.toFixed(2)}/月 (month)`;
const onOff = (on: boolean) => (on ? '开 / on ' : '关 / off');

export function deployPlan(stage: string, c: DeployConfig, inv: Inventory): string[] {
  const lines: string[] = [];
  lines.push(`部署计划 / deploy plan — stack siyu-${stage}, ${c.region}, ${c.architecture}`);
  lines.push(`  函数 / functions (${inv.functions.length}, one IAM role each): ${inv.functions.join(', ')}`);
  lines.push(`  队列 / queues (${inv.queues.length}, each with a DLQ): ${inv.queues.join(', ')}`);
  lines.push(`  表 / tables: ${inv.tables.join(', ')}; KMS key for tenant secrets; S3 bucket for materials`);
  lines.push(`  告警 / alarms in infra/: ${inv.alarms} (${usd(inv.alarms * MONTHLY_USD.alarm)})`);
  lines.push(
    `  日志保留 / log retention: ${c.logRetentionDays} 天 / days${c.logRetentionDays < 180 ? ' — 少于网络安全法要求的六个月 / below the six months China’s Cybersecurity Law asks for' : ''}`,
  );
  lines.push('选项 / options:');
  const egress =
    c.egress === 'nat-gateway'
      ? `NAT 网关 / NAT gateway: ${usd(EGRESS_MONTHLY_USD['nat-gateway'])} + USD 0.045/GB`
      : c.egress === 'nat-instance'
        ? `NAT 实例 t4g.nano / NAT instance: ${usd(EGRESS_MONTHLY_USD['nat-instance'])} (no per-GB NAT charge)`
        : `egress=nat-instance (${usd(EGRESS_MONTHLY_USD['nat-instance'])}) or egress=nat-gateway to enable (${usd(EGRESS_MONTHLY_USD['nat-gateway'])})`;
  lines.push(`  [${onOff(c.egress !== 'none')}] 固定出口 IP（企业微信可信 IP）/ fixed egress IP: ${egress}`);
  lines.push(
    `  [${onOff(c.domainName !== '')}] 自定义域名 / custom domain: ${c.domainName || '—'} (ACM certificate and API Gateway domain: no monthly charge)`,
  );
  lines.push(`  [${onOff(c.alarmEmail !== '')}] 告警邮件 / alarm e-mail: ${c.alarmEmail || '—'}`);
  lines.push(`  [${onOff(c.alarmRobotUrlParameter !== '')}] 告警群机器人 / alarm group robot: ${c.alarmRobotUrlParameter || '—'}`);
  lines.push(
    `  [${onOff(c.archivePullerImage !== '')}] 会话存档拉取 / chat-archive puller (Fargate): ${c.archivePullerImage ? usd(MONTHLY_USD.fargatePuller) : '—'}`,
  );
  const warnings: string[] = [];
  if (c.alarmEmail === '' && c.alarmRobotUrlParameter === '')
    warnings.push('没有告警接收人：告警不会通知任何人 / no alarm recipient: alarms notify nobody (set alarmEmail or alarmRobotUrlParameter)');
  if (c.publicBaseUrl === '' && c.domainName === '')
    warnings.push(
      'publicBaseUrl 为空：首次部署后填入 API 地址并再次部署（登录回调、侧边栏需要）/ empty: after the first deploy put the API URL here and deploy again (login callback, sidebar)',
    );
  if (c.region.startsWith('cn-')) warnings.push('中国区域：需 ICP 备案的域名才能对外提供 HTTP 服务 / China regions: public HTTP needs an ICP-filed domain');
  for (const w of warnings) lines.push(`注意 / note: ${w}`);
  return lines;
}
