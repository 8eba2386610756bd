// Callback ack latency on the local stack (what `npm start` runs: serverless-offline, DynamoDB Local, the
// SQS emulator, the consumers' pollers): a steady open-loop load of distinct add_external_contact events,
// each signed and encrypted as WeCom sends it; reports latency percentiles of the 200 and every error, and
// for every fifth event how soon the relationship consumer has applied it (read from DynamoDB Local
// directly, so measuring adds no load to the functions). Each add carries a real welcome code issued by the
// simulator, and the greeting consumer's send_welcome_msg time is read from the simulator's record.
// BENCH_SKIP_STACK=1 skips it; BENCH_RATE (req/s, default 20) and BENCH_SECONDS (default 15) tune it.
import { randomUUID } from 'node:crypto';
import { freePort } from '../scripts/local/emulators';
import { startLocalStack } from '../scripts/local/stack';
import { makeDocumentClient } from '../shared/aws/clients';
import { DynamoFollowStore } from '../shared/db/follow-repository';
import { decodeAesKey } from '../shared/wecom/crypto';
import { addExternalContactXml, callbackQueryString, signedCallback } from '../simulator/callbacks';
import { DEMO_TENANT } from '../simulator/demo-tenant';
import { percentile, table, type BenchModule } from './harness';

const RATE = Number(process.env.BENCH_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const TIMEOUT_MS = 10_000;
/** How often a sampled event's follow is looked for in DynamoDB Local: first after 50 ms, then doubling to 200 ms. */
const POLL_FIRST_MS = 50;
const POLL_MAX_MS = 200;
/** WeCom drops the connection after 5 s and retries (docs/wecom.md#callback-timing-and-retries). */
const WECOM_DEADLINE_MS = 5_000;

interface Outcome {
  ms: number;
  status: number | 'timeout' | 'network';
  /** ms from sending until the relationship projection has the follow (sampled events only). */
  appliedMs?: number | 'not within 10 s';
}

export const benchmark: BenchModule = {
  title: `Callback ack latency on the local stack (${RATE} req/s for ${SECONDS} s)`,
  async run() {
    if (process.env.BENCH_SKIP_STACK === '1') return '_Skipped (BENCH_SKIP_STACK=1)._';
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    const started = performance.now();
    const stack = await startLocalStack({ port: await freePort(), log: (l) => process.stderr.write(`  stack: ${l}\n`) });
    const startupS = (performance.now() - started) / 1000;
    const doc = makeDocumentClient({ endpoint: stack.dynamoEndpoint });
    try {
      const follows = new DynamoFollowStore(doc, 'siyu-local'); // the table startLocalStack creates
      const aesKey = decodeAesKey(DEMO_TENANT.encodingAesKey);
      const corpId = stack.tenant.corpId;
      // Polled with backoff (50 ms, doubling to at most 200 ms): polling every 10 ms made the DynamoDB Local
      // reads a large part of the load and slowed the run it measured 4–5×. A sample is late by at most one interval.
      const appliedAfter = async (externalUserId: string, t0: number): Promise<Outcome['appliedMs']> => {
        let interval = POLL_FIRST_MS;
        while (performance.now() - t0 < TIMEOUT_MS) {
          if ((await follows.followsOfCustomer(corpId, externalUserId)).length > 0) return performance.now() - t0;
          await new Promise((r) => setTimeout(r, interval));
          interval = Math.min(interval * 2, POLL_MAX_MS);
        }
        return 'not within 10 s';
      };
      // The channel path: customers scan a channel with its own {{name}} welcome and a tag, so each add
      // goes through the channel lookup, the auto-accept counters, the welcome, then mark_tag.
      const channelRes = await fetch(`${stack.url}/admin/v1/tenants/${corpId}/channels`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.adminApiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'bench', staff: ['zhangsan'], tags: ['etsiyudemotag0001'], welcome: { text: '{{name}}，欢迎！' } }),
      });
      if (channelRes.status !== 201) throw new Error(`creating the bench channel failed: ${channelRes.status} ${await channelRes.text()}`);
      const { state } = (await channelRes.json()) as { state: string };
      const sentAt = new Map<string, number>(); // externalUserId → wall clock at send (the simulator's clock)
      const issueCode = async (externalUserId: string): Promise<string> => {
        await fetch(`${stack.wecomApiBase}/__sim/customers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ corpId, customers: [{ externalUserId, name: '压测客户', follows: [{ userId: 'zhangsan', state }] }] }),
        });
        const res = await fetch(`${stack.wecomApiBase}/__sim/welcome-codes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ corpId, userId: 'zhangsan', externalUserId }),
        });
        return ((await res.json()) as { welcomeCode: string }).welcomeCode;
      };
      let n = 0;
      const send = async (): Promise<Outcome> => {
        const sample = n++ % 5 === 0;
        const externalUserId = `wm${randomUUID().replace(/-/g, '')}`;
        const welcomeCode = await issueCode(externalUserId);
        const xml = addExternalContactXml({ corpId, userId: 'zhangsan', externalUserId, state, welcomeCode });
        const cb = signedCallback({ corpId, token: DEMO_TENANT.token, aesKey, xml });
        sentAt.set(externalUserId, Date.now());
        const t0 = performance.now();
        try {
          const res = await fetch(`${stack.url}/wecom/${corpId}/callback?${callbackQueryString(cb.query)}`, {
            method: 'POST',
            headers: { 'content-type': 'text/xml' },
            body: cb.body,
            signal: AbortSignal.timeout(TIMEOUT_MS),
          });
          await res.text();
          const ms = performance.now() - t0;
          return { ms, status: res.status, ...(sample && res.status === 200 ? { appliedMs: await appliedAfter(externalUserId, t0) } : {}) };
        } catch (e) {
          return { ms: performance.now() - t0, status: e instanceof Error && e.name === 'TimeoutError' ? 'timeout' : 'network' };
        }
      };

      // Warm every container on the path before measuring.
      for (let i = 0; i < 5; i++) {
        const w = await send();
        if (w.status !== 200) throw new Error(`warm-up callback answered ${w.status}`);
      }

      sentAt.clear();
      // Open loop: requests leave on schedule whether or not earlier ones have been answered.
      const total = Math.round(RATE * SECONDS);
      const pending: Array<Promise<Outcome>> = [];
      const t0 = performance.now();
      for (let i = 0; i < total; i++) {
        const wait = t0 + (i * 1000) / RATE - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        pending.push(send());
      }
      const sentS = (performance.now() - t0) / 1000;
      const outcomes = await Promise.all(pending);

      const ok = outcomes.filter((o) => o.status === 200).map((o) => o.ms);
      const counts = new Map<string, number>();
      for (const o of outcomes) counts.set(String(o.status), (counts.get(String(o.status)) ?? 0) + 1);
      const errors = outcomes.length - ok.length;
      const late = ok.filter((ms) => ms > WECOM_DEADLINE_MS).length;
      const applied = outcomes.flatMap((o) => (typeof o.appliedMs === 'number' ? [o.appliedMs] : []));
      const notApplied = outcomes.filter((o) => o.appliedMs === 'not within 10 s').length;
      // Welcomes: give the greeting consumer a few seconds to drain, then read what the simulator recorded.
      const readWelcomes = async () =>
        (
          (await (await fetch(`${stack.wecomApiBase}/__sim/sent?corpId=${corpId}`)).json()) as { welcomes: Array<{ externalUserId: string; at: number }> }
        ).welcomes.filter((w) => sentAt.has(w.externalUserId));
      let welcomes = await readWelcomes();
      for (let i = 0; i < 100 && welcomes.length < sentAt.size; i++) {
        await new Promise((r) => setTimeout(r, 100));
        welcomes = await readWelcomes();
      }
      const welcomeMs = welcomes.map((w) => w.at - sentAt.get(w.externalUserId)!);
      const row = (name: string, xs: number[]) =>
        xs.length > 0 ? [name, xs.length, percentile(xs, 50), percentile(xs, 95), percentile(xs, 99), Math.max(...xs)] : [name, 0, '–', '–', '–', '–'];
      return [
        table(
          ['measure', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
          [
            row('callback → 200 (ack)', ok),
            row(`callback → relationship applied (every 5th, polled ${POLL_FIRST_MS}→${POLL_MAX_MS} ms)`, applied),
            row('callback → send_welcome_msg (greeting)', welcomeMs),
          ],
        ),
        '',
        `Sent ${total} callbacks in ${sentS.toFixed(1)} s (${(total / sentS).toFixed(1)} req/s offered). Statuses: ${[...counts].map(([s, n]) => `${s} × ${n}`).join(', ')}.`,
        `Errors (not 200): **${errors}**. Answered 200 but after WeCom's ${WECOM_DEADLINE_MS / 1000} s deadline: **${late}**. Sampled events not applied within 10 s: **${notApplied}**. Welcomes sent: **${welcomes.length}** of ${sentAt.size}; over the 20 s window: **${welcomeMs.filter((ms) => ms > 20_000).length}**. Stack start-up: ${startupS.toFixed(1)} s.`,
        '',
        '_serverless-offline on a developer machine, with the consumers polling the same emulators: a smoke check of the path under load, not a prediction of Lambda latency._',
      ].join('\n');
    } finally {
      doc.destroy();
      await stack.stop();
    }
  },
};
