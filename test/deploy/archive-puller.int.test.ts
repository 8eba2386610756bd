// The archive puller in the deploy template: without the param archivePullerImage no ECS, puller IAM or
// puller network resources; with it a Fargate task definition (x86_64, 0.25 vCPU / 0.5 GB) running that image
// with the stack's table, archive queue, KMS key and media bucket, its log group keeping logRetentionDays,
// a task role scoped to named resources (no `*`, ARNs by partition), one service; in the NAT option's private
// subnets (egress = nat-gateway or nat-instance) or, by default, public subnets of its own small VPC with a public IP.
import { PROD_PARAMS, packageTemplate, resourcesOfType, type CfnTemplate } from './package-template';

const IMAGE = '123456789012.dkr.ecr.ap-east-1.amazonaws.com/siyu-archive-puller:1.0.0';
const T = 300_000;

const props = (t: CfnTemplate, id: string) => t.Resources[id]?.Properties as Record<string, any>;
const pullerIds = (t: CfnTemplate) => Object.keys(t.Resources).filter((id) => id.startsWith('ArchivePuller') || id === 'ArchivePullFailedMetricFilter');

describe('archive puller (infra/archive-puller.yml)', () => {
  it(
    'is absent without archivePullerImage',
    () => {
      const t = packageTemplate('prod', { params: PROD_PARAMS });
      expect(Object.values(t.Resources).filter((r) => r.Type.startsWith('AWS::ECS::'))).toEqual([]);
      expect(pullerIds(t)).toEqual([]);
    },
    T,
  );

  it(
    'with archivePullerImage: the task definition runs that image on x86_64 with the stack’s resources, logs kept logRetentionDays',
    () => {
      const t = packageTemplate('prod-puller', { stage: 'prod', params: { ...PROD_PARAMS, archivePullerImage: IMAGE, logRetentionDays: '365' } });
      const [[, td] = []] = resourcesOfType(t, 'AWS::ECS::TaskDefinition');
      const p = td!.Properties as Record<string, any>;
      expect(p.RuntimePlatform).toEqual({ CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' });
      expect(p.RequiresCompatibilities).toEqual(['FARGATE']);
      expect([p.Cpu, p.Memory]).toEqual(['256', '512']);
      const [c] = p.ContainerDefinitions;
      expect(c.Image).toBe(IMAGE);
      const env = Object.fromEntries((c.Environment as Array<{ Name: string; Value: unknown }>).map((e) => [e.Name, e.Value]));
      expect(env).toMatchObject({
        TABLE_NAME: { Ref: 'Table' },
        QUEUE_URL_ARCHIVE: { Ref: 'ArchiveQueue' },
        KMS_KEY_ID: { Ref: 'SecretsKey' },
        ARCHIVE_MEDIA_BUCKET: { Ref: 'MaterialsBucket' },
        PULL_INTERVAL_SECONDS: '15',
      });
      expect(JSON.stringify(env)).not.toContain('${env:');
      expect(c.LogConfiguration.Options['awslogs-group']).toEqual({ Ref: 'ArchivePullerLogGroup' });
      expect(Number(props(t, 'ArchivePullerLogGroup').RetentionInDays)).toBe(365);
      expect(props(t, 'ArchivePullFailedMetricFilter').MetricTransformations[0]).toMatchObject({
        MetricName: 'ArchivePullFailed',
        Dimensions: [{ Key: 'code', Value: '$.code' }],
      });
      // Failing pulls wake someone: the alarm on the dimensionless metric notifies the alarm topic.
      expect(props(t, 'ArchivePullFailedTotalMetricFilter').MetricTransformations[0].Dimensions).toBeUndefined();
      expect(props(t, 'ArchivePullFailedAlarm')).toMatchObject({ MetricName: 'ArchivePullFailed', AlarmActions: [{ Ref: 'AlarmTopic' }] });
      const services = resourcesOfType(t, 'AWS::ECS::Service');
      expect(services).toHaveLength(1);
      expect(services[0]![1].Properties).toMatchObject({ DesiredCount: 1, LaunchType: 'FARGATE', TaskDefinition: { Ref: 'ArchivePullerTaskDefinition' } });
      // Default egress none: public subnets of its own VPC, public IP.
      expect((services[0]![1].Properties as any).NetworkConfiguration.AwsvpcConfiguration).toMatchObject({ AssignPublicIp: 'ENABLED' });
      expect(t.Resources.ArchivePullerVpc?.Type).toBe('AWS::EC2::VPC');
    },
    T,
  );

  it(
    'the task role names every resource it may touch (no *), ARNs by partition',
    () => {
      const t = packageTemplate('prod-puller', { stage: 'prod', params: { ...PROD_PARAMS, archivePullerImage: IMAGE, logRetentionDays: '365' } });
      const role = props(t, 'ArchivePullerTaskRole');
      const statements = role.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
      const text = JSON.stringify(statements);
      expect(statements.length).toBeGreaterThan(0);
      for (const s of statements) {
        for (const r of [s.Resource].flat()) expect(r).not.toBe('*');
        for (const a of [s.Action].flat()) expect(a).not.toMatch(/\*/);
      }
      expect(text).toContain('/archive-media/*');
      expect(text).not.toContain('s3:GetObject');
      expect(JSON.stringify(t.Resources.ArchivePullerExecutionRole)).not.toContain('arn:aws:');
      expect(JSON.stringify(role)).not.toContain('arn:aws:');
    },
    T,
  );

  it.each(['nat-gateway', 'nat-instance'])(
    'with egress %s: in the egress VPC’s private subnets (resources that exist), no public IP, no VPC of its own',
    (egress) => {
      const t = packageTemplate(`prod-puller-${egress}`, { stage: 'prod', params: { ...PROD_PARAMS, archivePullerImage: IMAGE, egress } });
      const [[, service] = []] = resourcesOfType(t, 'AWS::ECS::Service');
      const net = (service!.Properties as any).NetworkConfiguration.AwsvpcConfiguration;
      expect(net).toEqual({
        AssignPublicIp: 'DISABLED',
        Subnets: [{ Ref: 'EgressPrivateSubnetA' }, { Ref: 'EgressPrivateSubnetB' }],
        SecurityGroups: [{ Ref: 'WecomCallerSecurityGroup' }],
      });
      // Every reference resolves to a resource of the template (CloudFormation refuses the stack otherwise).
      for (const ref of [...net.Subnets, ...net.SecurityGroups] as Array<{ Ref: string }>)
        expect([ref.Ref, t.Resources[ref.Ref]?.Type]).toEqual([ref.Ref, expect.stringMatching(/^AWS::EC2::/)]);
      expect(t.Resources.ArchivePullerVpc).toBeUndefined();
    },
    T,
  );
});
