// One IAM role per function, least privilege (loaded from serverless.yml `plugins:`).
//
// Reads `custom.functionPermissions` (function name -> list of grants) and, at package time, gives every
// function its own `AWS::IAM::Role` (logical id `<Function>IamRole`) holding:
//   - the logs permissions osls would add, for that function's own log group only;
//   - X-Ray PutTraceSegments / PutTelemetryRecords when traced (Resource '*': X-Ray has no resource-level permissions);
//   - AWSLambdaVPCAccessExecutionRole when the function (or the provider) has a `vpc`;
//   - the statements of its grants.
// osls's shared role (IamRoleLambdaExecution) is then not created at all.
//
// Grants (strings; resources are the stack's own logical ids):
//   table:describe         dynamodb:DescribeTable on Table
//   table:write            read + write items of Table and its indexes (single-table stores, transactions)
//   idempotency            items of IdempotencyTable (Powertools idempotency of the SQS consumers)
//   kms:decrypt            kms:Decrypt with SecretsKey
//   kms                    kms:Encrypt + kms:Decrypt with SecretsKey (token cache, tenant secrets)
//   materials:read         s3:GetObject on MaterialsBucket/materials/*
//   materials:write        s3:GetObject, PutObject, DeleteObject on MaterialsBucket/materials/*
//   send:<QueueId>         sqs:SendMessage to that queue; send:concerns = every queue of custom.concernQueues
//   consume:<QueueId>      receive/delete/change visibility/attributes of the queue the function consumes
//   describe:concerns      sqs:GetQueueAttributes on every concern queue (health probe)
// or a raw IAM statement object ({ Effect, Action, Resource }) for anything else, e.g.
//   alarmForwarder: [kms:decrypt, { Effect: Allow, Action: [ssm:GetParameter], Resource: !Sub 'arn:${AWS::Partition}:ssm:…' }]
//
// Adding a function = one line in custom.functionPermissions (an empty list for a function that touches
// nothing). A function without a line fails the package, and so do statements under provider.iam.role
// (they would silently apply to nobody).
'use strict';

const TABLE_READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const TABLE_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const getAtt = (id, attr = 'Arn') => ({ 'Fn::GetAtt': [id, attr] });
const materials = { 'Fn::Join': ['', [getAtt('MaterialsBucket'), '/materials/*']] };

/** The IAM statements of one grant (or the grant itself when it is a raw statement). */
function statementsOf(grant, concernQueues, fn) {
  if (typeof grant === 'object' && grant !== null) return [grant];
  const [kind, target] = String(grant).split(':');
  const queues = (t) => (t === 'concerns' ? concernQueues : [t]).map((q) => getAtt(q));
  switch (grant) {
    case 'table:describe':
      return [{ Effect: 'Allow', Action: ['dynamodb:DescribeTable'], Resource: getAtt('Table') }];
    case 'table:write':
      return [
        {
          Effect: 'Allow',
          Action: [...TABLE_READ, ...TABLE_WRITE],
          Resource: [getAtt('Table'), { 'Fn::Join': ['/', [getAtt('Table'), 'index', '*']] }],
        },
      ];
    case 'idempotency':
      return [
        {
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
          Resource: getAtt('IdempotencyTable'),
        },
      ];
    case 'kms:decrypt':
      return [{ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: getAtt('SecretsKey') }];
    case 'kms':
      return [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: getAtt('SecretsKey') }];
    case 'materials:read':
      return [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: materials }];
    case 'materials:write':
      return [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: materials }];
    case 'describe:concerns':
      return [{ Effect: 'Allow', Action: ['sqs:GetQueueAttributes'], Resource: queues('concerns') }];
    default:
  }
  if (kind === 'send' && target) return [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: queues(target) }];
  if (kind === 'consume' && target) {
    return [
      {
        Effect: 'Allow',
        Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
        Resource: queues(target),
      },
    ];
  }
  throw new Error(`custom.functionPermissions.${fn}: unknown grant "${grant}" (see infra/plugins/function-roles.cjs)`);
}

class FunctionRoles {
  constructor(serverless) {
    this.serverless = serverless;
    this.provider = serverless.getProvider('aws');
    this.hooks = {
      // Before osls decides whether to create its shared role (it does not when every function has a role).
      'before:package:setupProviderConfiguration': () => this.assignRoles(),
      'package:compileFunctions': () => this.addRoles(),
    };
  }

  config() {
    const custom = this.serverless.service.custom || {};
    return { permissions: custom.functionPermissions || {}, concernQueues: custom.concernQueues || [] };
  }

  roleId(fn) {
    return `${this.provider.naming.getNormalizedFunctionName(fn)}IamRole`;
  }

  assignRoles() {
    const { permissions } = this.config();
    const statements = this.serverless.service.provider.iam?.role?.statements;
    if (Array.isArray(statements) && statements.length > 0) {
      throw new this.serverless.classes.Error(
        'provider.iam.role.statements is not used: each function has its own role. Add the grant to custom.functionPermissions (infra/plugins/function-roles.cjs).',
      );
    }
    for (const fn of this.serverless.service.getAllFunctions()) {
      if (!Array.isArray(permissions[fn])) {
        throw new this.serverless.classes.Error(
          `Function "${fn}" has no line in custom.functionPermissions (its IAM grants; [] for none). See infra/plugins/function-roles.cjs.`,
        );
      }
      this.serverless.service.getFunction(fn).role = this.roleId(fn);
    }
  }

  addRoles() {
    const { permissions, concernQueues } = this.config();
    const service = this.serverless.service;
    const resources = service.provider.compiledCloudFormationTemplate.Resources;
    for (const fn of service.getAllFunctions()) {
      const f = service.getFunction(fn);
      const logGroup = this.provider.naming.getLogGroupName(f.name);
      const logArn = { 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${logGroup}` };
      // X-Ray only where the function is traced (not in the China regions: serverless.yml custom.lambdaTracing).
      const tracing = f.tracing ?? service.provider.tracing?.lambda;
      const traced = tracing === true || tracing === 'Active';
      const statements = [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: [{ 'Fn::Sub': `${logArn['Fn::Sub']}:*` }, { 'Fn::Sub': `${logArn['Fn::Sub']}:*:*` }],
        },
        ...(traced ? [{ Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' }] : []),
        ...permissions[fn].flatMap((g) => statementsOf(g, concernQueues, fn)),
      ];
      // VPC access (ENIs) only for a function that runs in a VPC (the egress option).
      const compiled = resources[this.provider.naming.getLambdaLogicalId(fn)];
      const hasVpc = (v) => Boolean(v && (v.subnetIds || v.securityGroupIds || v.SubnetIds || v.SecurityGroupIds));
      const vpc = hasVpc(compiled?.Properties?.VpcConfig) || hasVpc(f.vpc) || hasVpc(service.provider.vpc);
      resources[this.roleId(fn)] = {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
          },
          ...(vpc ? { ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole' }] } : {}),
          Policies: [{ PolicyName: `${fn}-least-privilege`, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
        },
      };
    }
  }
}

module.exports = FunctionRoles;
