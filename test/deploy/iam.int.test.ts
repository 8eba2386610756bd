// One least-privilege IAM role per function (infra/plugins/function-roles.cjs, custom.functionPermissions):
// no shared role, each role reaches only what its function's composition uses, and `Resource: '*'` only
// where AWS has no resource-level permissions (X-Ray).
import { PROD_PARAMS, packageTemplate, resourcesOfType, type CfnTemplate } from './package-template';

interface Statement {
  Effect: string;
  Action: string[];
  Resource: unknown;
}

function roleOf(t: CfnTemplate, functionId: string): { id: string; statements: Statement[] } {
  const role = (t.Resources[functionId]?.Properties as { Role: { 'Fn::GetAtt': [string, string] } }).Role['Fn::GetAtt'][0];
  const p = t.Resources[role]?.Properties as { Policies: Array<{ PolicyDocument: { Statement: Statement[] } }> };
  return { id: role, statements: p.Policies.flatMap((x) => x.PolicyDocument.Statement) };
}

const actions = (s: Statement[]) => s.flatMap((x) => x.Action);
const resourcesFor = (s: Statement[], action: string) =>
  s.filter((x) => x.Action.includes(action)).flatMap((x) => (Array.isArray(x.Resource) ? x.Resource : [x.Resource]));
const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

describe('IAM: one role per function', () => {
  let t: CfnTemplate;
  beforeAll(() => {
    t = packageTemplate('prod', { params: PROD_PARAMS });
  }, 300_000);

  it('gives every function its own role and creates no shared role', () => {
    const fns = resourcesOfType(t, 'AWS::Lambda::Function');
    expect(fns.length).toBeGreaterThanOrEqual(20);
    const roles = fns.map(([id]) => roleOf(t, id).id);
    expect(new Set(roles).size).toBe(fns.length);
    expect(t.Resources.IamRoleLambdaExecution).toBeUndefined();
    for (const [id, r] of resourcesOfType(t, 'AWS::IAM::Role')) {
      expect([id, r.Properties?.AssumeRolePolicyDocument]).toEqual([
        id,
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] },
      ]);
    }
  });

  it('lets each function write only its own log group', () => {
    for (const [id, fn] of resourcesOfType(t, 'AWS::Lambda::Function')) {
      const name = (fn.Properties as { FunctionName: string }).FunctionName;
      const logs = resourcesFor(roleOf(t, id).statements, 'logs:PutLogEvents').map((r) => (r as { 'Fn::Sub': string })['Fn::Sub']);
      expect(logs.length).toBeGreaterThan(0);
      for (const arn of logs) expect([id, arn]).toEqual([id, expect.stringContaining(`:log-group:/aws/lambda/${name}:`)]);
    }
  });

  it('gives the pages (health, docs, console) no DynamoDB write, no queue send, no KMS', () => {
    for (const id of ['HealthLambdaFunction', 'DocsLambdaFunction', 'ConsoleLambdaFunction']) {
      const a = actions(roleOf(t, id).statements);
      for (const w of [...WRITES, 'sqs:SendMessage', 'kms:Decrypt', 'kms:Encrypt', 's3:PutObject']) expect([id, a.includes(w)]).toEqual([id, false]);
    }
    expect(actions(roleOf(t, 'DocsLambdaFunction').statements).filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'))).toEqual([]);
    expect(actions(roleOf(t, 'HealthLambdaFunction').statements)).toEqual(expect.arrayContaining(['dynamodb:DescribeTable', 'sqs:GetQueueAttributes']));
  });

  it('lets the greeting function consume its own queue and send to none', () => {
    const s = roleOf(t, 'GreetingLambdaFunction').statements;
    expect(resourcesFor(s, 'sqs:SendMessage')).toEqual([]);
    expect(resourcesFor(s, 'sqs:ReceiveMessage')).toEqual([{ 'Fn::GetAtt': ['GreetingQueue', 'Arn'] }]);
    expect(resourcesFor(s, 'dynamodb:PutItem')).toEqual(expect.arrayContaining([{ 'Fn::GetAtt': ['IdempotencyTable', 'Arn'] }]));
    expect(actions(s)).not.toContain('s3:PutObject');
  });

  it('lets the callback fan out to every concern queue but consume none, and only decrypt', () => {
    const s = roleOf(t, 'WecomCallbackLambdaFunction').statements;
    const sends = resourcesFor(s, 'sqs:SendMessage');
    const queues = resourcesOfType(t, 'AWS::SQS::Queue').filter(([id]) => !id.endsWith('Dlq'));
    expect(sends).toHaveLength(queues.length);
    expect(actions(s)).not.toContain('sqs:ReceiveMessage');
    expect(actions(s)).not.toContain('kms:Encrypt');
  });

  it('uses Resource "*" only for X-Ray (it has no resource-level permissions)', () => {
    for (const [id, r] of resourcesOfType(t, 'AWS::IAM::Role')) {
      const p = r.Properties as { Policies: Array<{ PolicyDocument: { Statement: Statement[] } }> };
      for (const st of p.Policies.flatMap((x) => x.PolicyDocument.Statement)) {
        const res = Array.isArray(st.Resource) ? st.Resource : [st.Resource];
        if (res.includes('*')) expect([id, st.Action]).toEqual([id, ['xray:PutTraceSegments', 'xray:PutTelemetryRecords']]);
      }
    }
  });
});
