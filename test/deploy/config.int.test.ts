// The deploy configuration (serverless.yml params): a shell full of local values leaks nothing into the
// deployed functions, the wiring is the stack's own resources, every ARN is built with the partition (so the
// template deploys to aws-cn), and region / architecture follow their parameters.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROD_PARAMS, ROOT, packageTemplate, resourcesOfType, type CfnTemplate } from './package-template';

/** The region osls packaged for (the service state written beside the template). */
const packagedRegion = (variant: string) =>
  (JSON.parse(readFileSync(join(ROOT, '.serverless-test', variant, 'serverless-state.json'), 'utf8')) as { service: { provider: { region: string } } }).service
    .provider.region;

const LEAKS: Record<string, string> = {
  TABLE_NAME: 'leak-table',
  IDEMPOTENCY_TABLE_NAME: 'leak-idempotency',
  QUEUE_URL_GREETING: 'http://leak/greeting',
  QUEUE_URL_WEBHOOK: 'http://leak/webhook',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
  SQS_ENDPOINT: 'http://127.0.0.1:9324',
  S3_ENDPOINT: 'http://127.0.0.1:4569',
  MATERIALS_BUCKET: 'leak-bucket',
  KMS_KEY_ID: 'leak-key',
  LOCAL_SECRET_KEY: 'bGVhay1sb2NhbC1zZWNyZXQta2V5LWxlYWstbGVhayE=',
  ADMIN_API_KEY_HASH: 'f'.repeat(64),
  SESSION_SECRET: 'leak-session-secret-leak-session-secret',
  WECOM_API_BASE: 'http://127.0.0.1:9999',
  WECOM_LOGIN_BASE: 'http://127.0.0.1:9999',
  PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
  WEBHOOK_ALLOW_PRIVATE: '1',
  LOG_LEVEL: 'DEBUG',
};

/** Every string anywhere in a JSON value, with its path. */
function strings(v: unknown, path = '$'): Array<[string, string]> {
  if (typeof v === 'string') return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => strings(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => strings(x, `${path}.${k}`));
  return [];
}

/**
 * Every ARN-building string that does not take the partition: a string with `arn:` must go on with
 * `${AWS::Partition}:` (Fn::Sub), or end with `arn:` and be followed by `{Ref: AWS::Partition}` (Fn::Join).
 */
function arnsWithoutPartition(v: unknown, path = '$'): string[] {
  if (Array.isArray(v)) {
    return v.flatMap((x, i) => {
      if (typeof x === 'string' && x.endsWith('arn:')) {
        const next = v[i + 1] as { Ref?: string } | undefined;
        return next?.Ref === 'AWS::Partition' ? [] : [`${path}[${i}]: ${x}`];
      }
      return arnsWithoutPartition(x, `${path}[${i}]`);
    });
  }
  if (typeof v === 'string') return /arn:(?!\$\{AWS::Partition\}:)/.test(v.replace(/arn:$/, '')) ? [`${path}: ${v}`] : [];
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => arnsWithoutPartition(x, `${path}.${k}`));
  return [];
}

const functionsOf = (t: CfnTemplate) =>
  resourcesOfType(t, 'AWS::Lambda::Function').map(([id, r]) => {
    const p = r.Properties as { Architectures?: string[]; Environment?: { Variables?: Record<string, unknown> } };
    return { id, architectures: p.Architectures, vars: p.Environment?.Variables ?? {} };
  });

describe('deploy configuration (osls package --stage prod)', () => {
  let t: CfnTemplate;
  beforeAll(() => {
    t = packageTemplate('prod-local-shell', { params: PROD_PARAMS, extraEnv: LEAKS });
  }, 300_000);

  it('puts none of the shell’s local values into a function environment', () => {
    const fns = functionsOf(t);
    expect(fns.length).toBeGreaterThanOrEqual(20);
    const found: string[] = [];
    for (const f of fns) {
      for (const [name, value] of Object.entries(LEAKS)) {
        if (f.vars[name] === value) found.push(`${f.id} ${name}`);
        // Long values (URLs, names, keys) anywhere in the environment, e.g. inside another variable.
        if (value.length >= 8) for (const [path, s] of strings(f.vars)) if (s.includes(value)) found.push(`${f.id} ${path} holds ${name}`);
      }
    }
    expect(found).toEqual([]);
    expect(JSON.stringify(t)).not.toContain('${env:');
  });

  it('wires every function to the stack’s own resources and the deploy defaults', () => {
    for (const f of functionsOf(t)) {
      expect([f.id, f.vars.TABLE_NAME]).toEqual([f.id, { Ref: 'Table' }]);
      expect([f.id, f.vars.IDEMPOTENCY_TABLE_NAME]).toEqual([f.id, { Ref: 'IdempotencyTable' }]);
      expect([f.id, f.vars.QUEUE_URL_GREETING]).toEqual([f.id, { Ref: 'GreetingQueue' }]);
      expect([f.id, f.vars.KMS_KEY_ID]).toEqual([f.id, { Ref: 'SecretsKey' }]);
      expect([f.id, f.vars.MATERIALS_BUCKET]).toEqual([f.id, { Ref: 'MaterialsBucket' }]);
      expect([f.id, f.vars.ADMIN_API_KEY_HASH]).toEqual([f.id, PROD_PARAMS.adminApiKeyHash]);
      expect([f.id, f.vars.WECOM_API_BASE]).toEqual([f.id, 'https://qyapi.weixin.qq.com']);
      expect([f.id, f.vars.LOG_LEVEL]).toEqual([f.id, 'INFO']);
      for (const k of ['DYNAMODB_ENDPOINT', 'SQS_ENDPOINT', 'S3_ENDPOINT', 'LOCAL_SECRET_KEY']) expect([f.id, k, f.vars[k] ?? '']).toEqual([f.id, k, '']);
      expect([f.id, f.vars.WEBHOOK_ALLOW_PRIVATE]).toEqual([f.id, '0']);
      expect([f.id, f.architectures]).toEqual([f.id, ['arm64']]);
    }
    // Log retention: 180 days by default (China's Cybersecurity Law: at least six months of network logs).
    expect(packagedRegion('prod-local-shell')).toBe('ap-east-1');
    for (const [id, g] of resourcesOfType(t, 'AWS::Logs::LogGroup')) expect([id, Number(g.Properties?.RetentionInDays)]).toEqual([id, 180]);
  });

  it('builds every ARN with ${AWS::Partition} (no literal arn:aws: anywhere)', () => {
    expect(strings(t).filter(([, s]) => s.includes('arn:aws:') || s.includes('arn:aws-cn:'))).toEqual([]);
    expect(strings(t).filter(([, s]) => s.includes('arn:')).length).toBeGreaterThan(0);
    expect(arnsWithoutPartition(t)).toEqual([]);
  });
});

describe('region and architecture parameters', () => {
  it('packages for Beijing (cn-north-1) on x86_64', () => {
    const t = packageTemplate('cn-north-1-x86', { params: { ...PROD_PARAMS, region: 'cn-north-1', architecture: 'x86_64' } });
    const fns = functionsOf(t);
    expect(fns.length).toBeGreaterThanOrEqual(20);
    for (const f of fns) expect([f.id, f.architectures]).toEqual([f.id, ['x86_64']]);
    expect(packagedRegion('cn-north-1-x86')).toBe('cn-north-1');
    expect(arnsWithoutPartition(t)).toEqual([]);
    // No X-Ray in the China regions (Lambda has no X-Ray integration there).
    for (const [id, fn] of resourcesOfType(t, 'AWS::Lambda::Function')) expect([id, fn.Properties?.TracingConfig]).toEqual([id, undefined]);
  }, 300_000);
});
