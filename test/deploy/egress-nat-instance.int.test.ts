// The trusted-IP option `egress: nat-instance` of the deploy template: against the plain template it adds
// exactly the egress VPC of the NAT-gateway option with a t4g.nano NAT instance (EIP association, its own
// security group, an SSM-only role, a recover alarm) in place of the NAT gateway; exactly the WeCom-calling
// functions get VpcConfig; the private subnets route to the instance; the Elastic IP is the output.
import { PROD_PARAMS, WECOM_CALLERS, functionsInVpc, lambdaId, packageTemplate, resourcesOfType, templateDelta, type CfnTemplate } from './package-template';

const EXTRA_TYPES = [
  'AWS::CloudWatch::Alarm',
  'AWS::EC2::EIP',
  'AWS::EC2::EIPAssociation',
  'AWS::EC2::Instance',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::Route',
  'AWS::EC2::Route',
  'AWS::EC2::RouteTable',
  'AWS::EC2::RouteTable',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::Subnet',
  'AWS::EC2::Subnet',
  'AWS::EC2::Subnet',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::VPC',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::IAM::InstanceProfile',
  'AWS::IAM::Role',
];

const props = (t: CfnTemplate, id: string) => (t.Resources[id]?.Properties ?? {}) as Record<string, any>;

describe('deploy template: trusted-IP egress through a NAT instance', () => {
  let plain: CfnTemplate;
  let nat: CfnTemplate;
  beforeAll(() => {
    plain = packageTemplate('prod', { params: PROD_PARAMS });
    nat = packageTemplate('prod-egress-nat-instance', { params: { ...PROD_PARAMS, egress: 'nat-instance' } });
  }, 600_000);

  it('adds exactly the VPC, the NAT instance with its Elastic IP, role and recover alarm, and no NAT gateway', () => {
    const delta = templateDelta(plain, nat);
    expect(delta.removed).toEqual([]);
    expect(delta.addedTypes).toEqual(EXTRA_TYPES);
    expect(resourcesOfType(nat, 'AWS::EC2::NatGateway')).toEqual([]);
  });

  it('puts exactly the WeCom-calling functions in the private subnets, whose default route is the instance', () => {
    expect(functionsInVpc(nat)).toEqual(WECOM_CALLERS.map(lambdaId).sort());
    expect(props(nat, lambdaId('greeting')).VpcConfig).toEqual({
      SecurityGroupIds: [{ Ref: 'WecomCallerSecurityGroup' }],
      SubnetIds: [{ Ref: 'EgressPrivateSubnetA' }, { Ref: 'EgressPrivateSubnetB' }],
    });
    const routes = resourcesOfType(nat, 'AWS::EC2::Route').map(([, r]) => r.Properties);
    expect(routes).toContainEqual(expect.objectContaining({ RouteTableId: { Ref: 'EgressPrivateRouteTable' }, InstanceId: { Ref: 'EgressNatInstance' } }));
    expect(routes).toContainEqual(expect.objectContaining({ RouteTableId: { Ref: 'EgressPublicRouteTable' }, GatewayId: { Ref: 'EgressInternetGateway' } }));
  });

  it('runs a t4g.nano from the AL2023 arm64 SSM parameter, forwarding, with source/dest check off, in the public subnet', () => {
    const p = props(nat, 'EgressNatInstance');
    expect(p).toMatchObject({
      InstanceType: 't4g.nano',
      ImageId: '{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64}}',
      SourceDestCheck: false,
      SubnetId: { Ref: 'EgressPublicSubnetA' },
      SecurityGroupIds: [{ Ref: 'EgressNatSecurityGroup' }],
      IamInstanceProfile: { Ref: 'EgressNatInstanceProfile' },
      MetadataOptions: { HttpTokens: 'required' },
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: expect.objectContaining({ VolumeSize: 8, VolumeType: 'gp3', Encrypted: true }) }],
    });
    expect(p.KeyName).toBeUndefined();
    const userData = p.UserData['Fn::Base64'] as string;
    expect(userData).toContain('net.ipv4.ip_forward = 1');
    expect(userData).toMatch(/ip saddr 10\.42\.0\.0\/16 oifname "\$dev" masquerade/);
    expect(userData).toContain('systemctl enable --now nftables');
    // The Elastic IP is the instance's, and the output WeCom's 企业可信IP needs.
    expect(props(nat, 'EgressIpAssociation')).toEqual({
      AllocationId: { 'Fn::GetAtt': ['EgressIp', 'AllocationId'] },
      InstanceId: { Ref: 'EgressNatInstance' },
    });
    expect(nat.Outputs?.EgressIp?.Value).toEqual({ Ref: 'EgressIp' });
    expect(nat.Outputs?.EgressIp?.Description).toContain('企业可信IP');
  });

  it('lets only the private subnets in (HTTPS), only HTTPS out, and no SSH', () => {
    const sg = props(nat, 'EgressNatSecurityGroup');
    expect(sg.SecurityGroupIngress.map((r: Record<string, unknown>) => [r.IpProtocol, r.FromPort, r.ToPort, r.CidrIp])).toEqual([
      ['tcp', 443, 443, '10.42.16.0/20'],
      ['tcp', 443, 443, '10.42.32.0/20'],
    ]);
    expect(props(nat, 'EgressPrivateSubnetA').CidrBlock).toBe('10.42.16.0/20');
    expect(props(nat, 'EgressPrivateSubnetB').CidrBlock).toBe('10.42.32.0/20');
    expect(sg.SecurityGroupEgress.map((r: Record<string, unknown>) => [r.IpProtocol, r.FromPort, r.CidrIp])).toEqual([['tcp', 443, '0.0.0.0/0']]);
    expect(props(nat, 'WecomCallerSecurityGroup').SecurityGroupIngress).toBeUndefined();
  });

  it('gives the instance a role with only the SSM core policy (partition-aware), assumable by EC2 alone', () => {
    const role = props(nat, 'EgressNatRole');
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com'] }, Action: ['sts:AssumeRole'] }]);
    expect(role.ManagedPolicyArns).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore' }]);
    expect(role.Policies).toBeUndefined();
    expect(props(nat, 'EgressNatInstanceProfile').Roles).toEqual([{ Ref: 'EgressNatRole' }]);
  });

  it('recovers the instance when its system status check fails, and tells the alarm topic', () => {
    const a = props(nat, 'EgressNatRecoverAlarm');
    expect(a).toMatchObject({
      Namespace: 'AWS/EC2',
      MetricName: 'StatusCheckFailed_System',
      Dimensions: [{ Name: 'InstanceId', Value: { Ref: 'EgressNatInstance' } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
    expect(a.AlarmActions).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:automate:${AWS::Region}:ec2:recover' }, { Ref: 'AlarmTopic' }]);
    expect(a.OKActions).toEqual([{ Ref: 'AlarmTopic' }]);
  });
});
