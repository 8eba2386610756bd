// The WeCom group robot's webhook URL, read once per container from the SSM SecureString the param
// alarmRobotUrlParameter names (decrypted by SSM). The URL carries the robot's key: it is never logged, and
// no error message here contains it. A failed read is not cached, so the next invocation tries again.
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';

export function cachedRobotUrl(ssm: Pick<SSMClient, 'send'>, parameterName: string): () => Promise<string> {
  let pending: Promise<string> | undefined;
  const read = async (): Promise<string> => {
    const out = await ssm.send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }));
    const url = out.Parameter?.Value ?? '';
    if (!/^https?:\/\/\S+$/.test(url))
      throw new Error(`SSM parameter ${parameterName} does not hold a webhook URL (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…)`);
    return url;
  };
  return () => {
    pending ??= read().catch((e: unknown) => {
      pending = undefined;
      throw e;
    });
    return pending;
  };
}
