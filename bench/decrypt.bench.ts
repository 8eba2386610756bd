// Decrypt throughput: ours against @wecom/crypto on the same ciphertexts. Target: ≥ 1.0× the peer.
import * as peer from '@wecom/crypto';
import { decodeAesKey, decrypt, encrypt } from '../shared/wecom/crypto';
import { measure, table, type BenchModule } from './harness';

const encodingAesKey = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const key = decodeAesKey(encodingAesKey);

export const decryptBench: BenchModule = {
  title: 'Decrypt throughput vs @wecom/crypto',
  async run() {
    const rows: Array<Array<string | number>> = [];
    const ratios: number[] = [];
    for (const [label, size] of [
      ['event (~380 B)', 380],
      ['64 KiB', 64 * 1024],
    ] as const) {
      const message = '企业微信'.repeat(size).slice(0, size / 3) + 'x'.repeat(size % 3);
      const ct = encrypt(key, message, 'wwcorp');
      if (peer.decrypt(encodingAesKey, ct).message !== decrypt(key, ct).message) throw new Error('implementations disagree');
      const [ours, theirs] = await measure({ ours: () => decrypt(key, ct), '@wecom/crypto': () => peer.decrypt(encodingAesKey, ct) });
      const bytes = Buffer.from(ct, 'base64').length;
      const ratio = ours!.opsPerSecond / theirs!.opsPerSecond;
      ratios.push(ratio);
      rows.push([label, 'ours', Math.round(ours!.opsPerSecond), (ours!.opsPerSecond * bytes) / 1e6, `${ratio.toFixed(2)}×`]);
      rows.push([label, '@wecom/crypto', Math.round(theirs!.opsPerSecond), (theirs!.opsPerSecond * bytes) / 1e6, '1.00×']);
    }
    const min = Math.min(...ratios);
    return [
      table(['ciphertext', 'implementation', 'ops/s', 'MB/s', 'vs peer'], rows),
      '',
      `Smallest ratio to the peer: **${min.toFixed(2)}×** (target ≥ 1.0×: ${min >= 1 ? 'PASS' : 'FAIL'}).`,
    ].join('\n');
  },
};
