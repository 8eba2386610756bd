// The DynamoDB rate-budget store: one atomic conditional ADD per call or chunk of calls.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { makeDocumentClient } from '../aws/clients';
import { keys } from './keys';
import { DynamoRateBudgetStore } from './rate-budget-repository';

const ddb = mockClient(DynamoDBDocumentClient);
const store = new DynamoRateBudgetStore(makeDocumentClient({ region: 'ap-east-1' }), 'table');

beforeEach(() => ddb.reset());

describe('DynamoRateBudgetStore', () => {
  it('counts with a conditional ADD on the window key and sets a ttl', async () => {
    ddb.on(UpdateCommand).resolves({});
    expect(await store.take('wwcorp', 'message/send', 100, 9000)).toBe(true);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: keys.rateWindow('wwcorp', 'message/send', 100),
      ConditionExpression: 'attribute_not_exists(#calls) OR #calls <= :room',
      ExpressionAttributeValues: expect.objectContaining({ ':n': 1, ':room': 8999, ':ttl': 101 * 60 + 300 }),
    });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.UpdateExpression).toMatch(/^ADD #calls :n SET #ttl = if_not_exists/);
  });

  it('reserves a chunk only when the whole chunk fits, and never asks for more than the limit', async () => {
    ddb.on(UpdateCommand).resolves({});
    expect(await store.take('wwcorp', 'message/send', 100, 9000, 10)).toBe(true);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, { ExpressionAttributeValues: expect.objectContaining({ ':n': 10, ':room': 8990 }) });
    expect(await store.take('wwcorp', 'message/send', 100, 5, 10)).toBe(false);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('answers false when the window is spent', async () => {
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'spent', $metadata: {} }));
    expect(await store.take('wwcorp', 'message/send', 100, 9000)).toBe(false);
  });

  it('propagates other failures', async () => {
    ddb.on(UpdateCommand).rejects(new Error('throttled'));
    await expect(store.take('wwcorp', 'message/send', 100, 9000)).rejects.toThrow('throttled');
  });
});
