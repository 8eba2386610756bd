// What a WeCom group robot (群机器人) shows for one CloudWatch alarm notification (the SNS message of an
// alarm's state change): a markdown message, Chinese first — alarm name, state, reason, time in
// Asia/Shanghai and a link to the alarm in the CloudWatch console (console.amazonaws.cn in the aws-cn
// partition). Pure: no I/O. A message that is not an alarm notification (e.g. a test publish) is shown as
// text. The content fits the robot's 4096-byte markdown limit.
import * as z from 'zod';

/** The robot's limit for markdown.content (UTF-8 bytes). */
export const ROBOT_MARKDOWN_MAX_BYTES = 4096;

const alarmNotificationSchema = z.object({
  AlarmName: z.string().min(1),
  AlarmDescription: z.string().nullish(),
  AlarmArn: z.string().optional(),
  NewStateValue: z.string(),
  OldStateValue: z.string().optional(),
  NewStateReason: z.string().optional(),
  StateChangeTime: z.string().optional(),
});

export type AlarmNotification = z.infer<typeof alarmNotificationSchema>;

export interface RobotMarkdown {
  msgtype: 'markdown';
  markdown: { content: string };
}

const STATES: Record<string, { zh: string; color: 'warning' | 'info' | 'comment' }> = {
  ALARM: { zh: '告警', color: 'warning' },
  OK: { zh: '已恢复', color: 'info' },
  INSUFFICIENT_DATA: { zh: '数据不足', color: 'comment' },
};

/** `2026-12-01 23:00:00`: Asia/Shanghai is UTC+8 all year (no daylight saving). */
export function shanghaiTime(iso: string): string | undefined {
  const ms = Date.parse(iso.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

/** The console host of a region: console.amazonaws.cn in China (aws-cn), console.aws.amazon.com elsewhere. */
export function consoleAlarmUrl(o: { partition: string; region: string; alarmName: string }): string {
  const host = o.partition === 'aws-cn' ? `${o.region}.console.amazonaws.cn` : `${o.region}.console.aws.amazon.com`;
  return `https://${host}/cloudwatch/home?region=${o.region}#alarmsV2:alarm/${encodeURIComponent(o.alarmName)}`;
}

/** Partition and region from the alarm's ARN (arn:<partition>:cloudwatch:<region>:…), else the fallback. */
function locate(arn: string | undefined, fallbackRegion: string): { partition: string; region: string } {
  const m = /^arn:([^:]+):cloudwatch:([^:]+):/.exec(arn ?? '');
  if (m) return { partition: m[1]!, region: m[2]! };
  return { partition: fallbackRegion.startsWith('cn-') ? 'aws-cn' : 'aws', region: fallbackRegion };
}

/** At most `max` UTF-8 bytes of `s`, cut at a character boundary, with "…" when cut. */
export function truncateBytes(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > max - 3) break;
    out += ch;
    bytes += b;
  }
  return `${out}…`;
}

/** The parsed alarm notification, or undefined when `message` is not one. */
export function parseAlarmNotification(message: string): AlarmNotification | undefined {
  try {
    const r = alarmNotificationSchema.safeParse(JSON.parse(message));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The robot message for one SNS message. `region` is the forwarder's own (used when the message carries no
 * alarm ARN); `subject` is the SNS subject, shown for messages that are not alarm notifications.
 */
export function alarmRobotMessage(o: { message: string; subject?: string | undefined; region: string; stage: string }): RobotMarkdown {
  const alarm = parseAlarmNotification(o.message);
  const head = `**思域 Siyu (${o.stage})**`;
  if (!alarm) {
    const text = truncateBytes(o.message, 3000);
    const content = [head, o.subject ? `**${o.subject}**` : '', `> ${text.replace(/\n/g, '\n> ')}`].filter(Boolean).join('\n');
    return { msgtype: 'markdown', markdown: { content: truncateBytes(content, ROBOT_MARKDOWN_MAX_BYTES) } };
  }
  const state = STATES[alarm.NewStateValue] ?? { zh: alarm.NewStateValue, color: 'comment' as const };
  const where = locate(alarm.AlarmArn, o.region);
  const time = alarm.StateChangeTime ? shanghaiTime(alarm.StateChangeTime) : undefined;
  const lines = [
    `${head} <font color="${state.color}">${state.zh} ${alarm.NewStateValue}</font>`,
    `**告警 Alarm**: ${alarm.AlarmName}`,
    alarm.OldStateValue ? `**状态 State**: ${alarm.OldStateValue} → ${alarm.NewStateValue}` : `**状态 State**: ${alarm.NewStateValue}`,
    time ? `**时间 Time**: ${time} (北京时间 Asia/Shanghai)` : '',
    alarm.AlarmDescription ? `**说明 Description**: ${truncateBytes(alarm.AlarmDescription, 1024)}` : '',
    alarm.NewStateReason ? `**原因 Reason**: ${truncateBytes(alarm.NewStateReason, 1536)}` : '',
    `[在 CloudWatch 控制台查看 / Open in CloudWatch](${consoleAlarmUrl({ ...where, alarmName: alarm.AlarmName })})`,
  ];
  return { msgtype: 'markdown', markdown: { content: truncateBytes(lines.filter(Boolean).join('\n'), ROBOT_MARKDOWN_MAX_BYTES) } };
}
