// The trusted-IP (egress: nat-gateway) and custom-domain options of the deploy template: packaged without and
// with them, the option variant holds exactly the extra VPC/NAT/EIP and domain resources, only the functions
// that call WeCom sit in the VPC, the Elastic IP is an output, and the domain maps to the HTTP API.
import { PROD_PARAMS, WECOM_CALLERS, functionsInVpc, lambdaId, packageTemplate, resourcesOfType, templateDelta, type CfnTemplate } from './package-template';

const OPTION_PARAMS = {
  ...PROD_PARAMS,
  egress: 'nat-gateway',
  domainName: 'scrm.example.com',
  certificateArn: 'arn:aws:acm:ap-east-1:123456789012:certificate/abc',
  wecomDomainVerifyFile: 'WW_verify_a1B2c3D4.txt:Q9w8E7r6T5y4U3i2',
};

const EXTRA_TYPES = [
  'AWS::ApiGatewayV2::ApiMapping',
  'AWS::ApiGatewayV2::DomainName',
  'AWS::EC2::EIP',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::NatGateway',
  'AWS::EC2::Route',
  'AWS::EC2::Route',
  'AWS::EC2::RouteTable',
  'AWS::EC2::RouteTable',
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
];

const env = (t: CfnTemplate, fn: string) =>
  (t.Resources[lambdaId(fn)]?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};

describe('deploy template: trusted-IP egress and custom domain options', () => {
  let plain: CfnTemplate;
  let option: CfnTemplate;
  beforeAll(() => {
    plain = packageTemplate('prod', { params: PROD_PARAMS });
    option = packageTemplate('prod-egress-domain', { params: OPTION_PARAMS });
  }, 600_000);

  it('adds exactly the VPC, NAT gateway, Elastic IP, endpoints and domain resources, and nothing else', () => {
    const delta = templateDelta(plain, option);
    expect(delta.removed).toEqual([]);
    expect(delta.addedTypes).toEqual(EXTRA_TYPES);
  });

  it('has no EC2 resource, VpcConfig or domain without the options', () => {
    expect(Object.values(plain.Resources).filter((r) => r.Type.startsWith('AWS::EC2::') || r.Type === 'AWS::ApiGatewayV2::DomainName')).toEqual([]);
    expect(resourcesOfType(plain, 'AWS::Lambda::Function').filter(([, r]) => r.Properties?.VpcConfig !== undefined)).toEqual([]);
    expect(Object.keys(plain.Outputs ?? {})).not.toEqual(expect.arrayContaining(['EgressIp']));
  });

  it('puts exactly the WeCom-calling functions in the private subnets behind the NAT', () => {
    expect(functionsInVpc(option)).toEqual(WECOM_CALLERS.map(lambdaId).sort());
    expect(option.Resources[lambdaId('adminApi')]?.Properties?.VpcConfig).toEqual({
      SecurityGroupIds: [{ Ref: 'WecomCallerSecurityGroup' }],
      SubnetIds: [{ Ref: 'EgressPrivateSubnetA' }, { Ref: 'EgressPrivateSubnetB' }],
    });
    // The private subnets' default route is the NAT gateway, whose address is the Elastic IP.
    const routes = resourcesOfType(option, 'AWS::EC2::Route').map(([, r]) => r.Properties);
    expect(routes).toContainEqual(expect.objectContaining({ RouteTableId: { Ref: 'EgressPrivateRouteTable' }, NatGatewayId: { Ref: 'EgressNatGateway' } }));
    expect(option.Resources.EgressNatGateway?.Properties).toMatchObject({
      AllocationId: { 'Fn::GetAtt': ['EgressIp', 'AllocationId'] },
      SubnetId: { Ref: 'EgressPublicSubnetA' },
    });
    // The functions' security group lets nothing in.
    expect(option.Resources.WecomCallerSecurityGroup?.Properties?.SecurityGroupIngress).toBeUndefined();
  });

  it('gives the functions in the VPC the ENI permissions (partition-aware managed policy)', () => {
    const roles = resourcesOfType(option, 'AWS::IAM::Role').map(([, r]) => JSON.stringify(r.Properties?.ManagedPolicyArns ?? []));
    expect(roles.some((p) => p.includes('AWSLambdaVPCAccessExecutionRole') && p.includes('AWS::Partition'))).toBe(true);
    expect(roles.join()).not.toContain('arn:aws:iam');
  });

  it('outputs the Elastic IP to enter in WeCom’s 企业可信IP', () => {
    const out = option.Outputs?.EgressIp;
    expect(out?.Value).toEqual({ Ref: 'EgressIp' });
    expect(out?.Description).toContain('企业可信IP');
  });

  it('maps the custom domain to the HTTP API and outputs the CNAME target', () => {
    const domains = resourcesOfType(option, 'AWS::ApiGatewayV2::DomainName');
    expect(domains).toHaveLength(1);
    const [domainId, domain] = domains[0] ?? ['', {}];
    expect(domain.Properties).toMatchObject({
      DomainName: 'scrm.example.com',
      DomainNameConfigurations: [{ CertificateArn: OPTION_PARAMS.certificateArn, EndpointType: 'REGIONAL' }],
    });
    const mappings = resourcesOfType(option, 'AWS::ApiGatewayV2::ApiMapping');
    expect(mappings).toHaveLength(1);
    expect(option.Resources.HttpApi?.Type).toBe('AWS::ApiGatewayV2::Api');
    expect(mappings[0]?.[1].Properties).toEqual({ DomainName: { Ref: domainId }, ApiId: { Ref: 'HttpApi' }, Stage: '$default' });
    expect(option.Outputs?.ApiDomainTarget?.Value).toEqual({ 'Fn::GetAtt': [domainId, 'RegionalDomainName'] });
  });

  it('links the login and sidebar to https://<domainName>, and serves the ownership file from the console function', () => {
    expect(env(option, 'auth').PUBLIC_BASE_URL).toBe('https://scrm.example.com');
    expect(env(option, 'sidebarApi').PUBLIC_BASE_URL).toBe('https://scrm.example.com');
    expect(env(plain, 'auth').PUBLIC_BASE_URL).toBe('');
    expect(env(option, 'console').WECOM_DOMAIN_VERIFY_FILE).toBe(OPTION_PARAMS.wecomDomainVerifyFile);
    const routes = resourcesOfType(option, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties?.RouteKey);
    expect(routes).toContain('GET /{file}');
  });

  it('refuses a domain without its certificate, and a certificate from another region', () => {
    expect(() => packageTemplate('prod-domain-no-cert', { params: { ...PROD_PARAMS, domainName: 'scrm.example.com' } })).toThrow(/certificateArn/);
    expect(() =>
      packageTemplate('prod-domain-other-region', {
        params: { ...PROD_PARAMS, domainName: 'scrm.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
      }),
    ).toThrow(/ap-east-1/);
  }, 600_000);
});
