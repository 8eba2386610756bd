// The archive puller on the Finance SDK binding, end to end without Tencent's library: a stand-in compiled from C
// (test/finance-sdk-standin) behind the same C ABI serves encrypted records; the koffi binding, our RSA step,
// DecryptData, paging by seq, key rotation, media in 512 KB chunks into S3 (the emulator), pullArchive onto the
// archive queue (fauxqs), the archive consumer into DynamoDB Local, and every SDK error code run for real.
import { constants, createHash, generateKeyPairSync, publicEncrypt, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { pullArchive } from '../archive-feed';
import { SensitiveWordCache } from '../sensitive-cache';
import { QueueArchiveFeed } from '../../aws/archive-feed';
import { SqsQueuePublisher } from '../../aws/queue-publisher';
import { makeS3Client } from '../../aws/s3-blob-store';
import { RuleSetCache } from '../../keywords/rule-cache';
import { makeSqsConsumer } from '../../sqs/consume';
import { processArchive } from '../../../functions/archive/process-archive';
import type { QueueMessage } from '../../events/queue-message.schema';
import { integrationWorld } from '../../../test/support/integration-world';
import { lambdaContext } from '../../../test/support/lambda-context';
import { sqsEvent } from '../../../test/support/queue-messages';
import { buildStandin, useFixture } from '../../../test/finance-sdk-standin/build';
import { FinanceSdkChatSource } from './finance-chat-source';
import { FINANCE_SDK_ERRORS, ArchiveKeyMissingError } from './finance-sdk-error';
import { FinanceSdk, FinanceSdkError } from './finance-sdk';
import { S3MediaSink } from './s3-media-sink';

jest.setTimeout(120_000);

const world = integrationWorld({ simulator: true, queues: 'archive' });
const dir = mkdtempSync(join(tmpdir(), 'finsdk-'));
const fixture = join(dir, 'fixture.txt');
let lib: string;
let corpId: string;
let sdk: FinanceSdk;
/** publickey_ver → key pair; the source sees only the private keys in `given`. */
const pairs = new Map([1, 2, 3].map((v) => [v, generateKeyPairSync('rsa', { modulusLength: 2048 })]));
const given = new Map<number, string>();
const lines: string[] = [];
let consume: ReturnType<typeof makeSqsConsumer>;
let feed: QueueArchiveFeed;
const s3 = makeS3Client({ endpoint: process.env.S3_ENDPOINT });
const puts = jest.fn();
let calls: (what: 'chat' | 'media') => number;

const source = (media = true, via = sdk) =>
  new FinanceSdkChatSource({
    sdk: via,
    corpId,
    keys: { get: (v) => given.get(v) },
    ...(media ? { media: new S3MediaSink(s3, process.env.MATERIALS_BUCKET!, corpId) } : {}),
    timeoutSeconds: 5,
  });

/** A record as WeCom keeps it: the message encrypted with a random key, the key with the corp's public key. */
function record(seq: number, ver: number, message: Record<string, unknown>): string {
  const randomKey = randomBytes(16).toString('hex');
  const key = publicEncrypt({ key: pairs.get(ver)!.publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(randomKey)).toString('base64');
  const plain = Buffer.from(`STANDIN:${JSON.stringify(message)}`);
  const msg = Buffer.from(plain.map((b, i) => b ^ randomKey.charCodeAt(i % randomKey.length))).toString('base64');
  return `chat ${seq} ${String(message.msgid)} ${ver} ${key} ${msg}`;
}
/** An external contact who agreed to archiving (seq 1): the consumer stores only such customers' chats. */
const CUSTOMER = `wm${randomUUID().replace(/-/g, '').slice(0, 24)}`;
const text = (content: string) => ({
  msgid: `m-${randomUUID()}`,
  action: 'send',
  from: 'zhangsan',
  tolist: [CUSTOMER],
  roomid: '',
  msgtime: Date.now(),
  msgtype: 'text',
  text: { content },
});
function archive(...more: string[]) {
  lines.push(...more);
  writeFileSync(fixture, `${lines.join('\n')}\n`);
}

/** Pulls (pages of `limit`) and lets the archive consumer store what reached the queue. */
async function pullAndStore(limit = 1000, src = source()) {
  const out = await pullArchive({ source: src, feed, cursors: world.stores.archiveCursors }, corpId, { limit, maxBatches: 50 });
  const bodies = (await world.drain(world.queues.archive)) as QueueMessage[];
  for (let i = 0; i < bodies.length; i += 10) {
    const res = await consume(sqsEvent(bodies.slice(i, i + 10)), lambdaContext());
    expect(res.batchItemFailures).toEqual([]);
  }
  return { ...out, sent: bodies };
}
const stored = async () =>
  new Map(
    (await world.stores.archive.search(corpId, { fromMs: Date.now() - 3_600_000, toMs: Date.now() + 60_000, limit: 500 })).items.map((m) => [m.msgid, m]),
  );

beforeAll(async () => {
  lib = buildStandin();
  useFixture(fixture);
  archive();
  await world.start();
  // A tenant of its own: process-archive.int.test.ts stores the demo tenant's archive (cursor, messages) in the
  // same table at the same time.
  corpId = await world.newTenant('fs');
  const { sensitiveWords, keywordRules } = world.stores;
  const deps = {
    ...world.stores,
    audit: world.stores.auditLog,
    secrets: world.secrets,
    wecom: world.wecom,
    sensitive: new SensitiveWordCache(sensitiveWords),
    rules: new RuleSetCache(keywordRules, () => undefined),
  };
  consume = makeSqsConsumer({ concern: 'archive', ordered: true, handle: (m) => processArchive(deps, m), persistenceStore: world.idempotency() });
  feed = new QueueArchiveFeed(new SqsQueuePublisher(world.sqs, world.queues));
  sdk = FinanceSdk.open(lib, corpId, 'archive-secret');
  const counter = koffi.load(lib).func('int StandinCalls(const char *what)');
  calls = (what) => counter(what) as number;
  const send = s3.send.bind(s3);
  jest.spyOn(s3, 'send').mockImplementation(((command: unknown, ...rest: unknown[]) => {
    if (command instanceof PutObjectCommand) puts(command.input.Key);
    return (send as (...a: unknown[]) => unknown)(command, ...rest);
  }) as typeof s3.send);
});
afterAll(async () => {
  sdk?.close();
  await world.close();
});

describe('the Finance SDK archive source', () => {
  it('pages by seq over more records (26) than the limit (10), across two key versions, into stored messages', async () => {
    const messages = Array.from({ length: 25 }, (_, i) => text(`第 ${i + 1} 条`));
    given.set(1, pairs.get(1)!.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    given.set(2, pairs.get(2)!.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    const at = Date.now() - 60_000;
    const agree = {
      msgid: `m-${randomUUID()}`,
      action: 'send',
      from: CUSTOMER,
      tolist: ['zhangsan'],
      roomid: '',
      msgtime: at,
      msgtype: 'agree',
      agree: { userid: CUSTOMER, agree_time: at },
    };
    archive(record(1, 1, agree), ...messages.map((m, i) => record(i + 2, i < 12 ? 1 : 2, m)));
    const before = calls('chat');

    const out = await pullAndStore(10);

    expect(out).toMatchObject({ fed: 26, seq: 26 });
    expect(calls('chat') - before).toBe(4); // 10 + 10 + 6, then an empty page
    expect(out.sent.map((b) => (b.event as { seq: number }).seq)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    const rows = await stored();
    for (const m of messages) expect(rows.get(m.msgid)).toMatchObject({ msgtype: 'text', text: m.text.content, from: 'zhangsan' });
    expect(await world.stores.archiveCursors.get(corpId)).toBe(26);
    expect((await pullAndStore(10)).fed).toBe(0);
  });

  it('a record of a key version without a private key fails the batch and keeps the cursor; with the key it goes on', async () => {
    const [a, b] = [text('轮换前'), text('新密钥版本 3')];
    archive(record(27, 2, a), record(28, 3, b));

    const failed = pullArchive({ source: source(), feed, cursors: world.stores.archiveCursors }, corpId);
    await expect(failed).rejects.toBeInstanceOf(ArchiveKeyMissingError);
    await expect(failed).rejects.toMatchObject({ code: 'archive_key_missing', version: 3, message: expect.stringContaining('版本 3') });
    expect(await world.stores.archiveCursors.get(corpId)).toBe(26);
    expect(await world.drain(world.queues.archive)).toEqual([]);

    given.set(3, pairs.get(3)!.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    expect(await pullAndStore()).toMatchObject({ fed: 2, seq: 28 });
    const rows = await stored();
    expect([rows.get(a.msgid)?.text, rows.get(b.msgid)?.text]).toEqual(['轮换前', '新密钥版本 3']);
  });

  it('fetches 1.3 MB of media in 3 chunks per message, checks md5 and stores it once for two messages', async () => {
    const bytes = randomBytes(1_300_000);
    const md5 = createHash('md5').update(bytes).digest('hex');
    writeFileSync(join(dir, 'photo.bin'), bytes);
    const image = (sdkfileid: string) => ({
      msgid: `m-${randomUUID()}`,
      action: 'send',
      from: 'zhangsan',
      tolist: [CUSTOMER],
      roomid: '',
      msgtime: Date.now(),
      msgtype: 'image',
      image: { md5sum: md5, filesize: bytes.length, sdkfileid },
    });
    const [first, forwarded] = [image('FILE-A'), image('FILE-B')];
    archive(`media FILE-A ${join(dir, 'photo.bin')}`, `media FILE-B ${join(dir, 'photo.bin')}`, record(29, 3, first), record(30, 3, forwarded));
    const media = calls('media');
    puts.mockClear();

    expect(await pullAndStore()).toMatchObject({ fed: 2, seq: 30 });

    expect(calls('media') - media).toBe(6);
    const key = `archive-media/${corpId}/${md5}`;
    expect(puts.mock.calls).toEqual([[key]]);
    expect(Buffer.from((await world.blobs.get(key))!).equals(bytes)).toBe(true);
    const rows = await stored();
    expect(rows.get(first.msgid)?.body).toMatchObject({ sdkfileid: 'FILE-A', mediaKey: key });
    expect(rows.get(forwarded.msgid)?.body).toMatchObject({ sdkfileid: 'FILE-B', mediaKey: key });
  });

  it('refuses media whose bytes do not match md5sum, keeping the cursor (a retry may succeed)', async () => {
    const bad = {
      ...text(''),
      msgtype: 'file',
      file: { filename: '合同.pdf', md5sum: '0'.repeat(32), sdkfileid: 'FILE-A' },
    };
    archive(record(31, 3, bad));
    await expect(pullArchive({ source: source(), feed, cursors: world.stores.archiveCursors }, corpId)).rejects.toMatchObject({
      name: 'MediaChecksumError',
      retryable: true,
    });
    expect(await world.stores.archiveCursors.get(corpId)).toBe(30);
    lines.pop();
    archive();
  });

  it('media WeCom no longer serves (10010) is noted on the message; a network failure (10001) fails the batch', async () => {
    const video = { ...text(''), msgtype: 'video', video: { md5sum: 'a'.repeat(32), sdkfileid: 'FILE-A' } };
    archive(record(31, 3, video));
    const keys = { get: (v: number) => given.get(v) };
    const expired = FinanceSdk.open(lib, corpId, 'fail-media-10010');
    const down = FinanceSdk.open(lib, corpId, 'fail-media-10001');
    const sink = new S3MediaSink(s3, process.env.MATERIALS_BUCKET!, corpId);
    try {
      await expect(new FinanceSdkChatSource({ sdk: down, corpId, keys, media: sink }).getChatData(corpId, 30, 10)).rejects.toMatchObject({
        code: 10001,
        retryable: true,
      });
      const [entry] = await new FinanceSdkChatSource({ sdk: expired, corpId, keys, media: sink }).getChatData(corpId, 30, 10);
      expect(entry!.message.video).toEqual({ md5sum: 'a'.repeat(32), sdkfileid: 'FILE-A', mediaError: 10010 });
    } finally {
      expired.close();
      down.close();
    }
  });

  it.each(Object.keys(FINANCE_SDK_ERRORS).map(Number))('SDK code %i becomes a FinanceSdkError with its message', async (code) => {
    const failing = FinanceSdk.open(lib, corpId, `fail-chat-${code}`);
    try {
      const error = await source(false, failing)
        .getChatData(corpId, 0, 10)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FinanceSdkError);
      expect(error).toMatchObject({ code, op: 'GetChatData', retryable: code === 10001 || code === 10003 });
      expect((error as Error).message).toContain(FINANCE_SDK_ERRORS[code]!.zh);
    } finally {
      failing.close();
    }
  });

  it('the stand-in answers its own codes for bad input through the binding', async () => {
    expect(() => FinanceSdk.open(lib, corpId, '')).toThrow(expect.objectContaining({ code: 10000, op: 'Init' }));
    await expect(sdk.getChatData(0, 1001)).rejects.toMatchObject({ code: 10000 });
    await expect(sdk.getMediaChunk('NO-SUCH-FILE', '')).rejects.toMatchObject({ code: 10005, retryable: false });
    expect(() => sdk.decryptData('not-the-key', lines.find((l) => l.startsWith('chat 2 '))!.split(' ')[5]!)).toThrow(
      expect.objectContaining({ code: 10006, op: 'DecryptData' }),
    );
  });
});
