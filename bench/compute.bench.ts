// Callback compute per event: envelope, signature, decrypt, parse, validate, event key — what the callback
// does before any I/O. Target: ≥ 50,000 events/s on one core.
import { decodeAesKey } from '../shared/wecom/crypto';
import { decryptFor, verifySignature } from '../shared/wecom/crypto';
import { eventKeyOf } from '../shared/wecom/event-key';
import { parseEvent } from '../shared/wecom/event.schema';
import { parseEnvelope, parseXmlDocument } from '../shared/wecom/xml';
import * as cb from '../simulator/callbacks';
import { measure, table, type BenchModule } from './harness';

const corpId = 'wwbenchcorp00001';
const token = 'BenchToken';
const aesKey = decodeAesKey('jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C');
const t = 1_700_000_000;

/** A realistic mix: mostly customer adds and deletions, some group, tag, kf and chat events. */
const xmls = [
  cb.addExternalContactXml({ corpId, userId: 'zhangsan', externalUserId: 'wmAJ2GCAAAXtWyujaWJHDDGi0mAAAA', state: 'c_8f3k2', welcomeCode: 'CALLBACK_CODE_1234567890', createTime: t }),
  cb.addExternalContactXml({ corpId, userId: 'lisi', externalUserId: 'wmAJ2GCAAAXtWyujaWJHDDGi0mBBBB', state: 'c_8f3k2', welcomeCode: 'CALLBACK_CODE_1234567891', createTime: t }),
  cb.addHalfExternalContactXml({ corpId, userId: 'lisi', externalUserId: 'wmAJ2GCAAAXtWyujaWJHDDGi0mCCCC', state: 'c_x1', welcomeCode: 'CODE3', createTime: t }),
  cb.delFollowUserXml({ corpId, userId: 'zhangsan', externalUserId: 'wmAJ2GCAAAXtWyujaWJHDDGi0mDDDD', createTime: t }),
  cb.delExternalContactXml({ corpId, userId: 'wangwu', externalUserId: 'wmAJ2GCAAAXtWyujaWJHDDGi0mEEEE', createTime: t }),
  cb.externalChatUpdateXml({ corpId, chatId: 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA', updateDetail: 'add_member', joinScene: 3, members: ['wmAJ2GCAAAXtWyujaWJHDDGi0mFFFF'], createTime: t }),
  cb.kfMsgOrEventXml({ corpId, token: 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR', openKfId: 'wkxxxxxxxxxxxxxxxxxx', createTime: t }),
  cb.textMessageXml({ corpId, fromUser: 'zhangsan', content: '你好，请问这个产品还有货吗？', agentId: 1000002, createTime: t }),
];
const deliveries = xmls.map((xml) => {
  const s = cb.signedCallback({ corpId, token, aesKey, xml, timestamp: String(t), nonce: '1372623149' });
  return { ...s.query, body: s.body };
});

function computeOne(d: (typeof deliveries)[number]): string {
  const env = parseEnvelope(d.body);
  if (!verifySignature(token, d.timestamp, d.nonce, env.encrypt, d.msg_signature)) throw new Error('signature');
  const payload = decryptFor(aesKey, env.encrypt, corpId);
  const parsed = parseEvent(parseXmlDocument(payload));
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  return eventKeyOf(corpId, payload);
}

export const computeBench: BenchModule = {
  title: 'Callback compute per event (verify, decrypt, parse, validate, key)',
  async run() {
    for (const d of deliveries) computeOne(d); // every delivery is valid
    let i = 0;
    const [all] = await measure({ 'mixed events': () => computeOne(deliveries[i++ % deliveries.length]!) }, 3000);
    const one = deliveries[0]!;
    const env = parseEnvelope(one.body);
    const payload = decryptFor(aesKey, env.encrypt, corpId);
    const fields = parseXmlDocument(payload);
    const steps = await measure({
      'parse envelope': () => parseEnvelope(one.body),
      'verify signature': () => verifySignature(token, one.timestamp, one.nonce, env.encrypt, one.msg_signature),
      decrypt: () => decryptFor(aesKey, env.encrypt, corpId),
      'parse event XML': () => parseXmlDocument(payload),
      'validate (zod)': () => parseEvent(fields),
      'event key': () => eventKeyOf(corpId, payload),
    });
    const target = 50_000;
    return [
      table(
        ['step', 'µs/op', 'ops/s'],
        [...steps.map((s) => [s.name, s.meanUs, Math.round(s.opsPerSecond)]), ['**whole pipeline, mixed events**', all!.meanUs, Math.round(all!.opsPerSecond)]],
      ),
      '',
      `Events/s on one core: **${Math.round(all!.opsPerSecond).toLocaleString('en')}** (target ≥ ${target.toLocaleString('en')}: ${all!.opsPerSecond >= target ? 'PASS' : 'FAIL'}).`,
    ].join('\n');
  },
};
