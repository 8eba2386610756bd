// The alarm forwarder's use case: each SNS record (a CloudWatch alarm notification) becomes one markdown
// message to the WeCom group robot (shared/domain/alarm-message.ts). The robot answers HTTP 200 with an
// errcode; anything but errcode 0 (e.g. 45009 when the robot's 20 messages a minute are spent, 93000 for a
// removed robot) or a network/HTTP failure rejects, so Lambda's asynchronous retries (SNS invokes it
// asynchronously) send it again. Records already sent in a failed batch are sent again on retry (SNS
// delivers one record per invocation, so in practice this is one message). No URL in any error.
import type { SNSEvent } from 'aws-lambda';
import { alarmRobotMessage } from '../../shared/domain/alarm-message';

export interface ForwardDeps {
  robotUrl: () => Promise<string>;
  fetch: typeof globalThis.fetch;
  region: string;
  stage: string;
  timeoutMs?: number;
}

export class RobotSendError extends Error {
  constructor(
    message: string,
    readonly errcode?: number,
  ) {
    super(message);
    this.name = 'RobotSendError';
  }
}

export async function forwardAlarms(deps: ForwardDeps, event: SNSEvent): Promise<{ sent: number }> {
  const url = await deps.robotUrl();
  let sent = 0;
  for (const record of event.Records) {
    const body = alarmRobotMessage({ message: record.Sns.Message, subject: record.Sns.Subject ?? undefined, region: deps.region, stage: deps.stage });
    let res: Response;
    try {
      res = await deps.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(deps.timeoutMs ?? 5000),
      });
    } catch (e) {
      throw new RobotSendError(`group robot not reached (${(e as Error).name})`);
    }
    if (!res.ok) throw new RobotSendError(`group robot answered HTTP ${res.status}`);
    const answer = (await res.json().catch(() => ({}))) as { errcode?: unknown; errmsg?: unknown };
    const errcode = typeof answer.errcode === 'number' ? answer.errcode : -1;
    if (errcode !== 0) {
      const errmsg = typeof answer.errmsg === 'string' ? answer.errmsg.split(',')[0] : '';
      throw new RobotSendError(`group robot refused the message: errcode ${errcode} ${errmsg}`.trim(), errcode);
    }
    sent++;
  }
  return { sent };
}
