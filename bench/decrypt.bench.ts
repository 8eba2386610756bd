// Decrypt throughput of ours (shared/wecom/crypto.ts) against @wecom/crypto on the same ciphertexts: a
// typical event (~300 B) and a large payload (~64 KiB). Both do base64 decoding, AES-256-CBC, unpadding and
// the layout split; ours also checks the padding bytes and canonical base64. Target: ≥ 1.0× the peer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as peer from '@wecom/crypto';
import { decodeAesKey, decrypt, encrypt } from '../shared/wecom/crypto';
import { measure, table, verdict, type BenchModule } from './harness';

export const TARGET_RATIO = 1.0;

const encodingAesKey = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const key = decodeAesKey(encodingAesKey);
const corpId = 'wx5823bf96d3bd56c7';

export const benchmark: BenchModule = {
  title: 'Decrypt throughput vs @wecom/crypto',
  async run() {
    const small = readFileSync(join(import.meta.dirname, '..', 'events', 'wecom', 'app-text-message.xml'), 'utf8'); // 284 B
    const chunk = '<Item><![CDATA[wmAJ2GCAAAXtWyujaWJHDDGi0m 中文]]></Item>';
    const large = `<xml><L>${chunk.repeat(Math.floor((64 * 1024 - 16) / Buffer.byteLength(chunk)))}</L></xml>`;
    const rows: Array<Array<string | number>> = [];
    const ratios: number[] = [];
    for (const [label, message] of [
      ['event', small],
      ['large', large],
    ] as const) {
      const ct = encrypt(key, message, corpId);
      const bytes = Buffer.from(ct, 'base64').length;
      // Same input, same output, before timing anything.
      if (peer.decrypt(encodingAesKey, ct).message !== message || decrypt(key, ct).message !== message) throw new Error('implementations disagree');
      const [ours, theirs] = await measure({ ours: () => decrypt(key, ct), '@wecom/crypto': () => peer.decrypt(encodingAesKey, ct) }, 2500);
      const ratio = ours!.opsPerSecond / theirs!.opsPerSecond;
      ratios.push(ratio);
      const size = `${label} (${bytes.toLocaleString('en')} B ciphertext)`;
      rows.push([size, 'ours', Math.round(ours!.opsPerSecond), (ours!.opsPerSecond * bytes) / 1e6, ours!.p99Us, `**${ratio.toFixed(2)}×**`]);
      rows.push([size, '@wecom/crypto', Math.round(theirs!.opsPerSecond), (theirs!.opsPerSecond * bytes) / 1e6, theirs!.p99Us, '1.00×']);
    }
    const worst = Math.min(...ratios);
    return [
      table(['ciphertext', 'implementation', 'ops/s', 'MB/s (ciphertext)', 'p99 µs', 'vs peer'], rows),
      '',
      `Lowest ratio to the peer: **${worst.toFixed(2)}×** — target ≥ ${TARGET_RATIO.toFixed(1)}×: ${verdict(worst >= TARGET_RATIO)}.`,
    ].join('\n');
  },
};
