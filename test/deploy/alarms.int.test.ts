// Operations that wake someone, in the packaged production template: every alarm notifies the AlarmTopic
// (on alarm and on recovery); Errors and Throttles alarms for every function; API 5xx, WelcomeFailed and
// ScheduledJobFailed alarms; the email subscription only with alarmEmail; the robot forwarder (function,
// SNS subscription, SSM read policy) only with alarmRobotUrlParameter; log retention 180 days by default
// and the param's value when given; the operations dashboard.
import { PROD_PARAMS, packageTemplate, resourcesOfType, type CfnResource, type CfnTemplate } from './package-template';

const TIMEOUT = 300_000;
const FULL_PARAMS = { ...PROD_PARAMS, alarmEmail: 'oncall@example.com', alarmRobotUrlParameter: '/siyu/prod/alarm-robot-url', logRetentionDays: '365' };

let plain: CfnTemplate;
let full: CfnTemplate;
beforeAll(() => {
  plain = packageTemplate('prod', { params: PROD_PARAMS });
  full = packageTemplate('prod-alarms-full', { params: FULL_PARAMS });
}, TIMEOUT);

const props = (r: CfnResource) => (r.Properties ?? {}) as Record<string, unknown>;
const alarms = (t: CfnTemplate) => resourcesOfType(t, 'AWS::CloudWatch::Alarm');
const isTopic = (v: unknown) => JSON.stringify(v) === JSON.stringify([{ Ref: 'AlarmTopic' }]);
/** Alarms on one metric, by namespace and name. */
const alarmsOn = (t: CfnTemplate, ns: string, metric: string) => alarms(t).filter(([, r]) => props(r).Namespace === ns && props(r).MetricName === metric);

/** Evaluates a template Condition made of Fn::Not / Fn::Equals over literals (what infra/notify.yml uses). */
function holds(t: CfnTemplate, name: string): boolean {
  const evalC = (c: unknown): boolean | string => {
    if (typeof c === 'string') return c;
    const o = c as Record<string, unknown[]>;
    if (o['Fn::Not']) return !evalC(o['Fn::Not'][0]);
    if (o['Fn::Equals']) return evalC(o['Fn::Equals'][0]) === evalC(o['Fn::Equals'][1]);
    if (o.Condition) return holds(t, o.Condition as unknown as string);
    throw new Error(`condition not understood: ${JSON.stringify(c)}`);
  };
  return evalC(t.Conditions?.[name]) === true;
}

describe('alarms in the deploy template', () => {
  it('has an SNS topic, and every alarm notifies it when it fires and when it recovers', () => {
    for (const t of [plain, full]) {
      expect(resourcesOfType(t, 'AWS::SNS::Topic').map(([id]) => id)).toContain('AlarmTopic');
      expect(alarms(t).length).toBeGreaterThan(40);
      const silent = alarms(t).filter(([, r]) => !isTopic(props(r).AlarmActions) || !isTopic(props(r).OKActions));
      expect(silent.map(([id]) => id)).toEqual([]);
    }
  });

  it('has an Errors and a Throttles alarm for every Lambda function', () => {
    for (const t of [plain, full]) {
      const fns = resourcesOfType(t, 'AWS::Lambda::Function').map(([id]) => id);
      expect(fns.length).toBeGreaterThanOrEqual(20);
      for (const metric of ['Errors', 'Throttles']) {
        const covered = alarmsOn(t, 'AWS/Lambda', metric).map(([, r]) => JSON.stringify(props(r).Dimensions));
        for (const fn of fns) expect(covered).toContain(JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fn } }]));
      }
    }
  });

  it('alarms on API 5xx, WelcomeFailed, ScheduledJobFailed and each DLQ', () => {
    const api = alarmsOn(plain, 'AWS/ApiGateway', '5xx');
    expect(api).toHaveLength(1);
    expect(props(api[0]![1]).Dimensions).toEqual([{ Name: 'ApiId', Value: { Ref: 'HttpApi' } }]);
    expect(alarmsOn(plain, 'Siyu', 'WelcomeFailed').map(([, r]) => props(r).Dimensions)).toEqual([
      [
        { Name: 'service', Value: 'siyu' },
        { Name: 'concern', Value: 'greeting' },
      ],
    ]);
    expect(alarmsOn(plain, 'Siyu', 'ScheduledJobFailed').map(([, r]) => props(r).Dimensions)).toEqual([[{ Name: 'service', Value: 'siyu' }]]);
    const dlqs = resourcesOfType(plain, 'AWS::SQS::Queue').filter(([id]) => id.endsWith('Dlq'));
    expect(dlqs.length).toBeGreaterThanOrEqual(8);
    const depth = alarmsOn(plain, 'AWS/SQS', 'ApproximateNumberOfMessagesVisible').map(([, r]) => JSON.stringify(props(r).Dimensions));
    for (const [id] of dlqs) expect(depth).toContain(JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }]));
  });

  it('subscribes the email only when alarmEmail is given', () => {
    const emails = (t: CfnTemplate) =>
      resourcesOfType(t, 'AWS::SNS::Subscription').filter(([, r]) => props(r).Protocol === 'email' && (!r.Condition || holds(t, r.Condition)));
    expect(emails(plain)).toEqual([]);
    expect(emails(full)).toHaveLength(1);
    expect(props(emails(full)[0]![1])).toMatchObject({ Endpoint: 'oncall@example.com', TopicArn: { Ref: 'AlarmTopic' } });
  });

  it('has the robot forwarder, its subscription and its SSM read only when alarmRobotUrlParameter is given', () => {
    const forwarder = (t: CfnTemplate) => resourcesOfType(t, 'AWS::Lambda::Function').filter(([id]) => id === 'AlarmForwarderLambdaFunction');
    const lambdaSubs = (t: CfnTemplate) => resourcesOfType(t, 'AWS::SNS::Subscription').filter(([, r]) => props(r).Protocol === 'lambda');
    expect(forwarder(plain)).toEqual([]);
    expect(lambdaSubs(plain)).toEqual([]);
    expect(forwarder(full)).toHaveLength(1);
    const env = (props(forwarder(full)[0]![1]).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.ALARM_ROBOT_URL_PARAMETER).toBe('/siyu/prod/alarm-robot-url');
    expect(JSON.stringify(full)).not.toContain('webhook/send?key=');
    expect(lambdaSubs(full)).toHaveLength(1);
    expect(JSON.stringify(props(lambdaSubs(full)[0]![1]).TopicArn)).toContain('AlarmTopic');
    const policy = JSON.stringify(props(full.Resources.AlarmRobotUrlReadPolicy!).PolicyDocument);
    expect(policy).toContain('ssm:GetParameter');
    expect(policy).toContain('arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/siyu/prod/alarm-robot-url');
    expect(policy).not.toContain('arn:aws:');
  });

  it('keeps every log group 180 days by default and the param value when given', () => {
    const retention = (t: CfnTemplate) => resourcesOfType(t, 'AWS::Logs::LogGroup').map(([id, r]) => [id, props(r).RetentionInDays]);
    expect(retention(plain).length).toBeGreaterThanOrEqual(20);
    for (const [id, days] of retention(plain)) expect([id, days]).toEqual([id, 180]);
    for (const [id, days] of retention(full)) expect([id, days]).toEqual([id, 365]);
  });

  it('has the operations dashboard with callbacks, welcomes, queue age, Lambda and WeCom errors', () => {
    const boards = resourcesOfType(plain, 'AWS::CloudWatch::Dashboard');
    expect(boards).toHaveLength(1);
    const body = JSON.stringify(props(boards[0]![1]).DashboardBody);
    for (const s of [
      '${WecomCallbackLambdaFunction}',
      'WelcomeSent',
      'WelcomeFailed',
      '${GreetingLambdaFunction}',
      'ApproximateAgeOfOldestMessage',
      'WeComError',
      'errcode',
    ]) {
      expect(body).toContain(s);
    }
  });
});
