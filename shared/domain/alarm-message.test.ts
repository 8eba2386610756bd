// The robot message of an alarm notification: Chinese first, Shanghai time, the partition's console host,
// within the robot's 4096-byte limit; other SNS messages as quoted text.
import { ROBOT_MARKDOWN_MAX_BYTES, alarmRobotMessage, consoleAlarmUrl, shanghaiTime, truncateBytes } from './alarm-message';

const notification = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    AlarmName: 'siyu-prod-GreetingErrorsAlarm',
    AlarmDescription: '函数 Greeting 调用失败 / Function Greeting invocations failed',
    AWSAccountId: '123456789012',
    NewStateValue: 'ALARM',
    NewStateReason: 'Threshold Crossed: 1 datapoint [3.0 (01/12/26 15:00:00)] was greater than the threshold (0.0).',
    StateChangeTime: '2026-12-01T15:05:00.123+0000',
    Region: 'Asia Pacific (Hong Kong)',
    AlarmArn: 'arn:aws:cloudwatch:ap-east-1:123456789012:alarm:siyu-prod-GreetingErrorsAlarm',
    OldStateValue: 'OK',
    ...over,
  });

describe('alarmRobotMessage', () => {
  it('shows name, state, reason, Shanghai time and the console link', () => {
    const m = alarmRobotMessage({ message: notification(), region: 'ap-east-1', stage: 'prod' });
    expect(m.msgtype).toBe('markdown');
    const c = m.markdown.content;
    expect(c).toContain('<font color="warning">告警 ALARM</font>');
    expect(c).toContain('**告警 Alarm**: siyu-prod-GreetingErrorsAlarm');
    expect(c).toContain('**状态 State**: OK → ALARM');
    expect(c).toContain('**时间 Time**: 2026-12-01 23:05:00 (北京时间 Asia/Shanghai)');
    expect(c).toContain('**原因 Reason**: Threshold Crossed: 1 datapoint');
    expect(c).toContain('https://ap-east-1.console.aws.amazon.com/cloudwatch/home?region=ap-east-1#alarmsV2:alarm/siyu-prod-GreetingErrorsAlarm');
    expect(c.indexOf('告警 Alarm')).toBeLessThan(c.indexOf('原因 Reason'));
  });

  it('says 已恢复 for OK and links the China console for an aws-cn alarm', () => {
    const c = alarmRobotMessage({
      message: notification({
        NewStateValue: 'OK',
        OldStateValue: 'ALARM',
        AlarmName: 'a b/c',
        AlarmArn: 'arn:aws-cn:cloudwatch:cn-northwest-1:123456789012:alarm:a b/c',
      }),
      region: 'ap-east-1',
      stage: 'prod',
    }).markdown.content;
    expect(c).toContain('<font color="info">已恢复 OK</font>');
    expect(c).toContain('https://cn-northwest-1.console.amazonaws.cn/cloudwatch/home?region=cn-northwest-1#alarmsV2:alarm/a%20b%2Fc');
  });

  it("falls back to the forwarder's region (and its partition) without an alarm ARN", () => {
    const c = alarmRobotMessage({ message: notification({ AlarmArn: undefined }), region: 'cn-north-1', stage: 'prod' }).markdown.content;
    expect(c).toContain('https://cn-north-1.console.amazonaws.cn/');
  });

  it('stays within 4096 bytes with a huge reason, cutting at a character boundary', () => {
    const c = alarmRobotMessage({
      message: notification({ NewStateReason: '超'.repeat(5000), AlarmDescription: '长'.repeat(5000) }),
      region: 'ap-east-1',
      stage: 'prod',
    }).markdown.content;
    expect(Buffer.byteLength(c, 'utf8')).toBeLessThanOrEqual(ROBOT_MARKDOWN_MAX_BYTES);
    expect(c).not.toContain('\uFFFD');
    expect(c).toContain('Open in CloudWatch');
  });

  it('quotes a message that is not an alarm notification, with its subject', () => {
    const c = alarmRobotMessage({ message: 'hello\nworld', subject: 'Test', region: 'ap-east-1', stage: 'prod' }).markdown.content;
    expect(c).toBe('**思域 Siyu (prod)**\n**Test**\n> hello\n> world');
  });
});

describe('helpers', () => {
  it('shanghaiTime reads CloudWatch\'s "+0000" offsets and ISO Z times', () => {
    expect(shanghaiTime('2026-12-31T16:30:00.000+0000')).toBe('2027-01-01 00:30:00');
    expect(shanghaiTime('2026-06-01T00:00:00Z')).toBe('2026-06-01 08:00:00');
    expect(shanghaiTime('not a time')).toBeUndefined();
  });

  it('consoleAlarmUrl uses the partition host', () => {
    expect(consoleAlarmUrl({ partition: 'aws', region: 'us-east-1', alarmName: 'x' })).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/x',
    );
  });

  it('truncateBytes keeps short strings and cuts long ones under the limit', () => {
    expect(truncateBytes('abc', 10)).toBe('abc');
    const t = truncateBytes('é'.repeat(100), 20);
    expect(Buffer.byteLength(t, 'utf8')).toBeLessThanOrEqual(20);
    expect(t.endsWith('…')).toBe(true);
  });
});
