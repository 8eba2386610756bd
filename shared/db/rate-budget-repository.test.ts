// The DynamoDB rate-budget store: one atomic conditional ADD per call.
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
      ConditionExpression: 'attribute_not_exists(#calls) OR #calls < :limit',
      ExpressionAttributeValues: expect.objectContaining({ ':one': 1, ':limit': 9000, ':ttl': 101 * 60 + 300 }),
    });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.UpdateExpression).toMatch(/^ADD #calls :one SET #ttl = if_not_exists/);
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
