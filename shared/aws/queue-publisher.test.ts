// The SQS publisher's trace context: inside Lambda a send carries the invocation's X-Ray header as the
// AWSTraceHeader system attribute (so the consumer's trace continues the sender's); outside Lambda it carries none.
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { queueMessage } from '../../test/support/queue-messages';
import { makeSqsClient } from './clients';
import { SqsQueuePublisher, traceHeaderOf } from './queue-publisher';

const sqs = mockClient(SQSClient);
const urls = { greeting: 'https://sqs.ap-east-1.amazonaws.com/000000000000/greeting' } as ConstructorParameters<typeof SqsQueuePublisher>[1];
const publisher = new SqsQueuePublisher(makeSqsClient({ region: 'ap-east-1' }), urls);
const HEADER = 'Root=1-6751a3c2-4f1e0c7d9a8b6e5f4d3c2b1a;Parent=53995c3f42cd8ad8;Sampled=1';
const saved = process.env._X_AMZN_TRACE_ID;

beforeEach(() => sqs.reset().on(SendMessageCommand).resolves({ MessageId: 'm1' }));
afterEach(() => {
  if (saved === undefined) delete process.env._X_AMZN_TRACE_ID;
  else process.env._X_AMZN_TRACE_ID = saved;
});

describe('SqsQueuePublisher trace header', () => {
  it('sends the invocation trace header as AWSTraceHeader when Lambda set _X_AMZN_TRACE_ID', async () => {
    process.env._X_AMZN_TRACE_ID = `${HEADER};Lineage=a87bd80c:1`;
    await publisher.publish('greeting', queueMessage());
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, {
      QueueUrl: urls.greeting,
      MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: HEADER } },
    });
  });

  it('sends no system attributes outside Lambda (tests, the local stack on fauxqs)', async () => {
    delete process.env._X_AMZN_TRACE_ID;
    await publisher.publish('greeting', queueMessage());
    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.MessageBody).toBeDefined();
    expect(input).not.toHaveProperty('MessageSystemAttributes');
  });

  it('keeps only Root, Parent and Sampled, and nothing without a Root', () => {
    expect(traceHeaderOf('Root=1-a-b;Parent=c;Sampled=0;Lineage=x:1')).toBe('Root=1-a-b;Parent=c;Sampled=0');
    expect(traceHeaderOf('Parent=c;Sampled=1')).toBeUndefined();
    expect(traceHeaderOf('')).toBeUndefined();
  });
});
