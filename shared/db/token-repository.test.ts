// The DynamoDB token store: encrypted token, conditional lock and invalidation (command inputs).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { makeDocumentClient } from '../aws/clients';
import type { SecretBox } from '../secrets/secret-box';
import { keys } from './keys';
import { DynamoTokenStore } from './token-repository';

const ddb = mockClient(DynamoDBDocumentClient);
const box: SecretBox = {
  encrypt: async (plain, ctx) => `enc(${ctx.tenantId}):${Buffer.from(plain).toString('hex')}`,
  decrypt: async (cipher, ctx) => Buffer.from(cipher.replace(`enc(${ctx.tenantId}):`, ''), 'hex').toString(),
};
const store = new DynamoTokenStore(makeDocumentClient({ region: 'ap-east-1' }), 'table', box, { now: () => 1_000_000 });
const key = keys.accessToken('wwcorp', 'abcdef0123456789');
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'no', $metadata: {} });

beforeEach(() => ddb.reset());

describe('DynamoTokenStore', () => {
  it('saves the token encrypted for the tenant, with its hash, expiry, lock cooldown and ttl', async () => {
    ddb.on(UpdateCommand).resolves({});
    await store.save('wwcorp', 'abcdef0123456789', { token: 'SECRET-TOKEN', expiresAt: 8_200_000 }, 30_000);
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.Key).toEqual(key);
    expect(JSON.stringify(input)).not.toContain('SECRET-TOKEN');
    expect(input?.ExpressionAttributeValues).toMatchObject({
      ':cipher': expect.stringMatching(/^enc\(wwcorp\):/),
      ':hash': expect.stringMatching(/^[0-9a-f]{64}$/),
      ':exp': 8_200_000,
      ':until': 1_030_000,
      ':ttl': 8200 + 86_400,
    });
  });

  it('reads and decrypts; a missing item or one without a token is null', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: { ...key, tokenCipher: await box.encrypt('T', { tenantId: 'wwcorp' }), expiresAt: 5 } })
      .resolvesOnce({ Item: { ...key, lockUntil: 3 } });
    expect(await store.get('wwcorp', 'abcdef0123456789')).toEqual({ token: 'T', expiresAt: 5 });
    expect(await store.get('wwcorp', 'abcdef0123456789')).toBeNull();
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { ConsistentRead: true });
  });

  it('takes the lock only if free, expired or already ours', async () => {
    ddb.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    expect(await store.tryLock('wwcorp', 'abcdef0123456789', 'me', 10_000)).toBe(true);
    expect(await store.tryLock('wwcorp', 'abcdef0123456789', 'me', 10_000)).toBe(false);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression: 'attribute_not_exists(lockUntil) OR lockUntil < :now OR lockOwner = :owner',
    });
  });

  it('invalidates only if the stored token is still the same one', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await expect(store.invalidate('wwcorp', 'abcdef0123456789', 'OLD')).resolves.toBeUndefined();
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, { ConditionExpression: 'tokenHash = :hash' });
  });
});
