// The deploy configuration checks: a deploy without the admin key hash or the session secret is refused
// with how to make them; options come in pairs where they must; the param arguments leave out empty values.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOW_TO, checkDeployConfig, checkStage, paramArgs } from './deploy-config';

const HASH = 'a'.repeat(64);
const SECRET = 's'.repeat(40);
const base = { adminApiKeyHash: HASH, sessionSecret: SECRET };
const problems = (raw: unknown) => {
  const r = checkDeployConfig(raw);
  return r.ok ? [] : r.problems;
};

describe('checkDeployConfig', () => {
  it('accepts the two required values and fills in the defaults', () => {
    const r = checkDeployConfig(base);
    expect(r).toEqual({
      ok: true,
      config: {
        ...base,
        region: 'ap-east-1',
        architecture: 'arm64',
        publicBaseUrl: '',
        logLevel: 'INFO',
        logRetentionDays: 180,
        alarmEmail: '',
        alarmRobotUrlParameter: '',
        egress: 'none',
        domainName: '',
        certificateArn: '',
        wecomDomainVerifyFile: '',
        archivePullerImage: '',
        archivePullIntervalSeconds: 15,
        wecomApiBase: 'https://qyapi.weixin.qq.com',
      },
    });
  });

  it('refuses a configuration without the admin key hash, saying how to make it', () => {
    const p = problems({ sessionSecret: SECRET });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^adminApiKeyHash: 缺少 \/ missing/);
    expect(p[0]).toContain('sha256sum');
  });

  it('refuses a key hash that is not 64 lowercase hex characters (e.g. the key itself)', () => {
    for (const h of ['my-admin-key', 'A'.repeat(64), 'a'.repeat(63)]) expect(problems({ ...base, adminApiKeyHash: h })[0]).toMatch(/^adminApiKeyHash: 无效/);
  });

  it('refuses a missing or short session secret', () => {
    expect(problems({ adminApiKeyHash: HASH })[0]).toMatch(/^sessionSecret: 缺少.*openssl rand/);
    expect(problems({ ...base, sessionSecret: 'x'.repeat(31) })[0]).toMatch(/^sessionSecret: 无效/);
  });

  it('names unknown keys (typos) instead of ignoring them', () => {
    expect(problems({ ...base, adminApiKeyhash: HASH })[0]).toMatch(/unknown key\(s\): adminApiKeyhash/);
  });

  it('checks the enums and the retention period', () => {
    expect(problems({ ...base, egress: 'nat' })[0]).toMatch(/^egress: 无效/);
    expect(problems({ ...base, architecture: 'arm' })[0]).toMatch(/^architecture: 无效/);
    expect(problems({ ...base, logRetentionDays: 100 })[0]).toMatch(/^logRetentionDays: 无效/);
    expect(problems({ ...base, region: 'cn-north-1', architecture: 'x86_64', logRetentionDays: 365, egress: 'nat-gateway' })).toEqual([]);
    expect(problems({ ...base, egress: 'nat-instance' })).toEqual([]);
  });

  it('wants domainName and certificateArn together, the certificate in the deploy region and partition', () => {
    const cert = 'arn:aws:acm:ap-east-1:123456789012:certificate/0f3c1e1a-1111-2222-3333-444455556666';
    expect(problems({ ...base, domainName: 'scrm.example.com' })[0]).toMatch(/^domainName, certificateArn: 需同时给出/);
    expect(problems({ ...base, certificateArn: cert })[0]).toMatch(/^domainName, certificateArn/);
    expect(problems({ ...base, domainName: 'scrm.example.com', certificateArn: cert })).toEqual([]);
    expect(problems({ ...base, region: 'ap-southeast-1', domainName: 'scrm.example.com', certificateArn: cert })[0]).toMatch(
      /^certificateArn: 证书须在部署区域 ap-southeast-1/,
    );
    const cn = 'arn:aws-cn:acm:cn-north-1:123456789012:certificate/0f3c1e1a-1111-2222-3333-444455556666';
    expect(problems({ ...base, region: 'cn-north-1', domainName: 'scrm.example.cn', certificateArn: cn })).toEqual([]);
    expect(problems({ ...base, region: 'cn-north-1', domainName: 'scrm.example.cn', certificateArn: cn.replace('aws-cn', 'aws') })[0]).toMatch(
      /partition must be aws-cn/,
    );
  });

  it('takes the robot webhook as the name of an SSM parameter, never the URL', () => {
    expect(problems({ ...base, alarmRobotUrlParameter: '/siyu/prod/alarm-robot-url' })).toEqual([]);
    expect(problems({ ...base, alarmRobotUrlParameter: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc' })[0]).toMatch(
      /^alarmRobotUrlParameter: 无效/,
    );
  });

  it('takes WeCom’s domain ownership file as "WW_verify_<x>.txt:<content>" and a pull interval of 5–300 s', () => {
    expect(problems({ ...base, wecomDomainVerifyFile: 'WW_verify_abc123.txt:Xy9z' })).toEqual([]);
    expect(problems({ ...base, wecomDomainVerifyFile: 'verify.txt' })[0]).toMatch(/^wecomDomainVerifyFile: 无效/);
    expect(problems({ ...base, archivePullIntervalSeconds: 60 })).toEqual([]);
    expect(problems({ ...base, archivePullIntervalSeconds: 1 })[0]).toMatch(/^archivePullIntervalSeconds: 无效/);
  });

  it('wants the puller image in ECR of the deploy region', () => {
    const img = '123456789012.dkr.ecr.ap-east-1.amazonaws.com/siyu-archive-puller:1.0.0';
    expect(problems({ ...base, archivePullerImage: img })).toEqual([]);
    expect(problems({ ...base, archivePullerImage: 'docker.io/siyu/puller:latest' })[0]).toMatch(/^archivePullerImage: 无效/);
    expect(problems({ ...base, region: 'cn-north-1', archivePullerImage: img })[0]).toMatch(/^archivePullerImage: 镜像须在部署区域 cn-north-1/);
  });

  it('the committed example lists every key and is refused until its placeholders are replaced', () => {
    const example = JSON.parse(readFileSync(join(__dirname, '..', '..', 'deploy', 'example.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(example).sort()).toEqual(Object.keys(HOW_TO).sort());
    const p = problems(example);
    expect(p.map((x) => x.split(':')[0])).toEqual(['adminApiKeyHash', 'sessionSecret']);
    expect(checkDeployConfig({ ...example, ...base }).ok).toBe(true);
  });
});

describe('paramArgs', () => {
  it('passes every set value as --param k=v and leaves out empty ones', () => {
    const r = checkDeployConfig({ ...base, alarmEmail: 'ops@example.com' });
    if (!r.ok) throw new Error(r.problems.join('; '));
    const args = paramArgs(r.config);
    expect(args.filter((_, i) => i % 2 === 0).every((a) => a === '--param')).toBe(true);
    const kv = Object.fromEntries(args.filter((_, i) => i % 2 === 1).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
    expect(kv).toEqual({
      region: 'ap-east-1',
      architecture: 'arm64',
      adminApiKeyHash: HASH,
      sessionSecret: SECRET,
      logLevel: 'INFO',
      logRetentionDays: '180',
      alarmEmail: 'ops@example.com',
      egress: 'none',
      archivePullIntervalSeconds: '15',
      wecomApiBase: 'https://qyapi.weixin.qq.com',
    });
  });
});

describe('checkStage', () => {
  it('refuses the local stack’s stage and odd names', () => {
    expect(checkStage('prod')).toBeUndefined();
    expect(checkStage('local')).toMatch(/npm start/);
    expect(checkStage('prod stage')).toMatch(/letters, digits/);
  });
});
