// The robot URL from SSM: one decrypted GetParameter per container, a failed read retried next time, and no
// URL in the error for a parameter that does not hold one.
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { cachedRobotUrl } from './robot-url';

const ssm = mockClient(SSMClient);
const URL_ = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret-key-1';

beforeEach(() => ssm.reset());

describe('cachedRobotUrl', () => {
  it('reads the SecureString decrypted, once for many calls', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: '/siyu/prod/robot', Value: URL_, Type: 'SecureString' } });
    const url = cachedRobotUrl(new SSMClient({ region: 'ap-east-1' }), '/siyu/prod/robot');
    await expect(Promise.all([url(), url()])).resolves.toEqual([URL_, URL_]);
    await expect(url()).resolves.toBe(URL_);
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: '/siyu/prod/robot', WithDecryption: true });
  });

  it('does not cache a failed read', async () => {
    ssm
      .on(GetParameterCommand)
      .rejectsOnce(new Error('AccessDeniedException'))
      .resolves({ Parameter: { Value: URL_ } });
    const url = cachedRobotUrl(new SSMClient({ region: 'ap-east-1' }), '/siyu/prod/robot');
    await expect(url()).rejects.toThrow('AccessDeniedException');
    await expect(url()).resolves.toBe(URL_);
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 2);
  });

  it('refuses a value that is not a URL, without echoing the value', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'secret-key-only' } });
    const e = (await cachedRobotUrl(new SSMClient({ region: 'ap-east-1' }), '/siyu/prod/robot')().catch((x: unknown) => x)) as Error;
    expect(e.message).toContain('/siyu/prod/robot does not hold a webhook URL');
    expect(e.message).not.toContain('secret-key-only');
  });
});
