// Alarm forwarder (SNS subscription of the AlarmTopic, only when param alarmRobotUrlParameter is set):
// wiring only. The robot URL comes from SSM once per container (shared/aws/robot-url.ts); never logged.
import middy from '@middy/core';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { SNSEvent } from 'aws-lambda';
import { lambdaObservability, logger } from '../../shared/observability';
import { forwardAlarms } from './forward-alarms';
import { cachedRobotUrl } from '../../shared/aws/robot-url';
import { onFirstCall } from '../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const deps = {
    robotUrl: cachedRobotUrl(new SSMClient({}), process.env.ALARM_ROBOT_URL_PARAMETER ?? ''),
    fetch: globalThis.fetch,
    region: process.env.AWS_REGION ?? 'ap-east-1',
    stage: process.env.STAGE ?? '',
  };

  return middy(async (event: SNSEvent) => {
    const out = await forwardAlarms(deps, event);
    logger.info('alarms forwarded to the group robot', out);
    return out;
  }).use(lambdaObservability());
});
