// The operator's deploy configuration (deploy/<stage>.json): its schema, the checks that refuse a deploy
// that would not work (with how to make the missing value), and the `--param k=v` arguments osls gets.
// Pure: no file or process access (scripts/deploy/deploy.ts reads the file and runs osls).
import * as z from 'zod';

/** CloudWatch Logs' allowed retention periods (days). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const optional = <T extends z.ZodType>(s: T) => z.union([z.literal(''), s]).default('');

/** How to make each value, shown when it is missing or wrong. */
export const HOW_TO: Record<string, string> = {
  adminApiKeyHash:
    '管理 API 超级密钥的 SHA-256（64 位小写十六进制）/ SHA-256 of the admin API key: KEY=$(openssl rand -base64 32); printf %s "$KEY" | sha256sum | cut -d" " -f1 (keep $KEY in a password manager; only the hash is deployed)',
  sessionSecret: '登录会话签名密钥，至少 32 个字符 / session signing key, at least 32 characters: openssl rand -base64 48',
  region: 'AWS 区域，如 ap-east-1、cn-north-1、cn-northwest-1 / an AWS region such as ap-east-1',
  architecture: 'arm64（默认）或 x86_64（区域无 arm64 Lambda 时）/ arm64 (default) or x86_64 where a region has no arm64 Lambda',
  publicBaseUrl: '本部署的公网地址（https://…，无末尾斜杠）/ this deployment’s public https origin, no trailing slash',
  logLevel: 'DEBUG | INFO | WARN | ERROR',
  logRetentionDays: `CloudWatch 允许的天数之一 / one of CloudWatch's values: ${LOG_RETENTION_DAYS.join(', ')}`,
  alarmEmail: '接收告警的邮箱（需点击确认邮件）/ e-mail address for alarms (confirm the subscription mail)',
  alarmRobotUrlParameter:
    'SSM SecureString 参数的名称（不是 URL 本身）/ NAME of an SSM SecureString holding the group-robot webhook URL: aws ssm put-parameter --type SecureString --name /siyu/prod/alarm-robot-url --value "$URL"',
  egress:
    'none（默认）、nat-instance（t4g.nano NAT 实例，约 USD 7.4/月）或 nat-gateway（NAT 网关，约 USD 36.5/月）：企业微信可信 IP（60020）/ none (default), nat-instance or nat-gateway: a fixed egress IP for WeCom’s trusted-IP rule',
  domainName: '自定义域名（与 certificateArn 同时给出）/ custom domain, together with certificateArn',
  certificateArn: '同区域的 ACM 证书 ARN（与 domainName 同时给出）/ ACM certificate ARN in the deploy region, together with domainName',
  wecomDomainVerifyFile:
    '企业微信可信域名校验文件，格式 "WW_verify_xxx.txt:文件内容"（控制台函数在域名根路径提供它）/ WeCom’s domain ownership file as "WW_verify_<x>.txt:<content>", served at the domain root',
  archivePullerImage: '会话存档拉取容器的 ECR 镜像 URI（空 = 不部署）/ ECR image URI of the chat-archive puller (empty = none)',
  archivePullIntervalSeconds: '会话存档拉取间隔（秒，5–300，默认 15）/ seconds between archive pulls (5–300, default 15)',
  wecomApiBase: '企业微信 API 地址 / WeCom API base URL',
};

export const deployConfigSchema = z
  .object({
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/)
      .default('ap-east-1'),
    architecture: z.enum(['arm64', 'x86_64']).default('arm64'),
    adminApiKeyHash: z.string().regex(/^[0-9a-f]{64}$/),
    // The example's placeholder (<…>) is not a secret.
    sessionSecret: z
      .string()
      .min(32)
      .refine((v) => !/^<.*>$/.test(v)),
    publicBaseUrl: optional(z.url({ protocol: /^https$/ }).regex(/[^/]$/)),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    logRetentionDays: z
      .number()
      .int()
      .refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n))
      .default(180),
    alarmEmail: optional(z.email()),
    alarmRobotUrlParameter: optional(z.string().regex(/^\/?[A-Za-z0-9_.\-/]+$/)),
    egress: z.enum(['none', 'nat-gateway', 'nat-instance']).default('none'),
    domainName: optional(z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/)),
    certificateArn: optional(z.string().regex(/^arn:aws(-cn)?:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/)),
    wecomDomainVerifyFile: optional(z.string().regex(/^WW_verify_[A-Za-z0-9]{1,64}\.txt:[A-Za-z0-9]{1,128}$/)),
    archivePullIntervalSeconds: z.number().int().min(5).max(300).default(15),
    archivePullerImage: optional(z.string().regex(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[a-z0-9._/-]+(:[\w.-]+|@sha256:[0-9a-f]{64})$/)),
    wecomApiBase: z.url({ protocol: /^https$/ }).default('https://qyapi.weixin.qq.com'),
  })
  .strict();

export type DeployConfig = z.infer<typeof deployConfigSchema>;

export type ConfigResult = { ok: true; config: DeployConfig } | { ok: false; problems: string[] };

/** Checks a parsed deploy/<stage>.json; each problem names the key and how to make its value. */
export function checkDeployConfig(raw: unknown): ConfigResult {
  const parsed = deployConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      if (i.code === 'unrecognized_keys') return `未知的键 / unknown key(s): ${i.keys.join(', ')} (known: ${Object.keys(HOW_TO).join(', ')})`;
      const key = String(i.path[0] ?? '');
      const missing = i.code === 'invalid_type' && i.input === undefined;
      return `${key}: ${missing ? '缺少 / missing' : '无效 / invalid'} — ${HOW_TO[key] ?? i.message}`;
    });
    return { ok: false, problems };
  }
  const c = parsed.data;
  const problems: string[] = [];
  if ((c.domainName === '') !== (c.certificateArn === '')) {
    problems.push(`domainName, certificateArn: 需同时给出或都不给 / give both or neither — ${HOW_TO.certificateArn}`);
  }
  if (c.certificateArn !== '') {
    const certRegion = c.certificateArn.split(':')[3];
    if (certRegion !== c.region)
      problems.push(`certificateArn: 证书须在部署区域 ${c.region}（现为 ${certRegion}）/ the certificate must be in the deploy region`);
  }
  const partition = c.region.startsWith('cn-') ? 'aws-cn' : 'aws';
  if (c.certificateArn !== '' && !c.certificateArn.startsWith(`arn:${partition}:`))
    problems.push(`certificateArn: 分区应为 ${partition} / partition must be ${partition}`);
  if (c.archivePullerImage !== '' && !c.archivePullerImage.includes(`.${c.region}.`)) {
    problems.push(`archivePullerImage: 镜像须在部署区域 ${c.region} 的 ECR / the image must be in ECR of the deploy region`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: c };
}

/** The `--param k=v` arguments (empty optional values left out: serverless.yml's defaults apply). */
export function paramArgs(c: DeployConfig): string[] {
  return Object.entries(c).flatMap(([k, v]) => (v === '' ? [] : ['--param', `${k}=${String(v)}`]));
}

/** A stage an operator may deploy: not `local` (npm start's stage). */
export function checkStage(stage: string): string | undefined {
  if (!/^[a-zA-Z0-9-]{1,16}$/.test(stage)) return `stage "${stage}": 只允许字母、数字和连字符（最多 16 个）/ letters, digits and hyphens only (at most 16)`;
  if (stage === 'local') return 'stage "local" 是本地栈（npm start）专用 / is the local stack’s stage (npm start)';
  return undefined;
}
