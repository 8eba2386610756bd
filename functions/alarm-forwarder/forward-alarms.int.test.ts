// The alarm forwarder against the WeCom simulator over HTTP: a CloudWatch alarm notification arrives in the
// robot's group as markdown; the robot's refusals (unknown key 93000, the 20-a-minute limit 45009) reject so
// Lambda retries; no error carries the URL's key.
import type { SNSEvent } from 'aws-lambda';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { forwardAlarms, RobotSendError } from './forward-alarms';

let now = Date.UTC(2026, 11, 1, 15, 0, 10);
let sim: RunningSimulator;
const KEY = 'robot-key-0f1e2d3c';

beforeAll(async () => {
  sim = await startSimulator({ clock: () => now });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  await post('/__sim/reset', {});
  await post('/__sim/robots', { key: KEY });
});

async function post(path: string, body: unknown) {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json() as Promise<Record<string, unknown>>;
}

async function robotMessages(): Promise<Array<{ key: string; msgtype: string; content: string }>> {
  const res = await fetch(`${sim.url}/__sim/robot-messages?key=${KEY}`);
  return ((await res.json()) as { messages: Array<{ key: string; msgtype: string; content: string }> }).messages;
}

function snsEvent(message: string): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:ap-east-1:123456789012:siyu-prod-alarms:1',
        Sns: {
          Type: 'Notification',
          MessageId: 'm1',
          TopicArn: 'arn:aws:sns:ap-east-1:123456789012:siyu-prod-alarms',
          Subject: 'ALARM: "siyu-prod-WelcomeFailedAlarm" in Asia Pacific (Hong Kong)',
          Message: message,
          Timestamp: '2026-12-01T15:00:05.000Z',
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      },
    ],
  };
}

const alarm = JSON.stringify({
  AlarmName: 'siyu-prod-WelcomeFailedAlarm',
  AlarmDescription: '欢迎语发送失败 / Welcome messages failed',
  NewStateValue: 'ALARM',
  OldStateValue: 'OK',
  NewStateReason: 'Threshold Crossed: 1 datapoint [2.0] was greater than the threshold (0.0).',
  StateChangeTime: '2026-12-01T15:00:00.000+0000',
  AlarmArn: 'arn:aws:cloudwatch:ap-east-1:123456789012:alarm:siyu-prod-WelcomeFailedAlarm',
});

const deps = (key = KEY) => ({
  robotUrl: async () => `${sim.url}/cgi-bin/webhook/send?key=${key}`,
  fetch: globalThis.fetch,
  region: 'ap-east-1',
  stage: 'prod',
});

describe('alarm forwarder → WeCom group robot (simulator)', () => {
  it('posts the alarm as Chinese-first markdown', async () => {
    await expect(forwardAlarms(deps(), snsEvent(alarm))).resolves.toEqual({ sent: 1 });
    const [m, ...rest] = await robotMessages();
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ key: KEY, msgtype: 'markdown' });
    expect(m!.content).toContain('**告警 Alarm**: siyu-prod-WelcomeFailedAlarm');
    expect(m!.content).toContain('2026-12-01 23:00:00 (北京时间 Asia/Shanghai)');
    expect(m!.content).toContain('https://ap-east-1.console.aws.amazon.com/cloudwatch/');
  });

  it('rejects on an unknown key (93000) without the key in the error', async () => {
    const e = (await forwardAlarms(deps('removed-robot-key'), snsEvent(alarm)).catch((x: unknown) => x)) as RobotSendError;
    expect(e).toBeInstanceOf(RobotSendError);
    expect(e.errcode).toBe(93000);
    expect(e.message).not.toContain('removed-robot-key');
    expect(await robotMessages()).toEqual([]);
  });

  it("rejects with 45009 once the robot's 20 messages of the minute are spent; the next minute it sends again", async () => {
    for (let i = 0; i < 20; i++) await forwardAlarms(deps(), snsEvent(alarm));
    await expect(forwardAlarms(deps(), snsEvent(alarm))).rejects.toMatchObject({ errcode: 45009 });
    expect(await robotMessages()).toHaveLength(20);
    now += 60_000;
    await expect(forwardAlarms(deps(), snsEvent(alarm))).resolves.toEqual({ sent: 1 });
    expect(await robotMessages()).toHaveLength(21);
  });

  it('the simulator refuses what WeCom refuses: wrong msgtype 40008, content over 4096 bytes 45002', async () => {
    const send = (body: unknown) => post(`/cgi-bin/webhook/send?key=${KEY}`, body);
    await expect(send({ msgtype: 'news', news: {} })).resolves.toMatchObject({ errcode: 40008 });
    await expect(send({ msgtype: 'markdown', markdown: { content: '长'.repeat(1366) } })).resolves.toMatchObject({ errcode: 45002 });
    await expect(send({ msgtype: 'markdown', markdown: { content: '长'.repeat(1365) } })).resolves.toMatchObject({ errcode: 0 });
    const calls = (await (await fetch(`${sim.url}/__sim/calls?path=/cgi-bin/webhook/send`)).json()) as { calls: Array<{ query: Record<string, string> }> };
    expect(calls.calls.length).toBeGreaterThan(0);
    expect(calls.calls.every((c) => c.query.key === '***')).toBe(true);
  });
});
