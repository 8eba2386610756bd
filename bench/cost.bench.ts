// Cost per event (issue #19): the real local stack (DynamoDB Local, the SQS emulator, s3rver, the simulator,
// serverless-offline, the pollers) with the SDK cost trace on (SIYU_COST_TRACE, shared/aws/cost-trace.ts), a fixed
// mix of signed callbacks sent one event type at a time — each type's window ends when every queue is empty and
// the functions are quiet — and what happened in the window attributed to that type (bench/cost-model.ts), priced
// with bench/prices-us-east-1.json. The idle cost per month comes from the packaged production template.
// Writes bench/results/cost.json. BENCH_SKIP_STACK=1 skips it; BENCH_COST_EVENTS (default 10) events per type.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { freePort } from '../scripts/local/emulators';
import { readYaml, scheduledFunctions } from '../scripts/local/infra';
import { startLocalStack } from '../scripts/local/stack';
import type { CostTraceRecord } from '../shared/aws/cost-trace';
import { decodeAesKey } from '../shared/wecom/crypto';
import {
  addExternalContactXml,
  callbackQueryString,
  delFollowUserXml,
  externalChatUpdateXml,
  kfMsgOrEventXml,
  signedCallback,
  xmlDocument,
} from '../simulator/callbacks';
import { DEMO_KF_ACCOUNT, DEMO_TENANT } from '../simulator/demo-tenant';
import {
  attribute,
  costResult,
  EVENT_TYPES,
  idleCost,
  isFunctionLogLine,
  natOptions,
  parseInvocationLine,
  PLATFORM_LOG_BYTES_PER_INVOCATION,
  targetLines,
  usdPerMillion,
  type EventCounts,
  type EventType,
  type IdleRun,
  type Invocation,
  type Prices,
  type TemplateLike,
} from './cost-model';
import { table, verdict, type BenchModule } from './harness';
import prices from './prices-us-east-1.json' with { type: 'json' };

const N = Math.max(1, Number(process.env.BENCH_COST_EVENTS ?? 10));
const LABELS: Record<EventType, string> = {
  add: 'customer add through a channel, with welcome',
  delete: 'customer deletes staff',
  kf: '微信客服 message (sync + reply)',
  group: 'group change (member joins, group code)',
  unhandled: 'an event type no concern handles',
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The packaged production template (test/deploy/package-template.ts is CommonJS-style: it reads __dirname). */
async function productionTemplate(): Promise<TemplateLike> {
  const g = globalThis as { __dirname?: string };
  g.__dirname ??= join(import.meta.dirname, '..', 'test', 'deploy');
  const { packageTemplate, PROD_PARAMS } = await import('../test/deploy/package-template');
  return packageTemplate('prod', { params: PROD_PARAMS });
}

export const benchmark: BenchModule = {
  title: `Cost per event on the local stack (${N} events per type, us-east-1 list prices)`,
  async run() {
    if (process.env.BENCH_SKIP_STACK === '1') return '_Skipped (BENCH_SKIP_STACK=1)._';
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    const dir = mkdtempSync(join(tmpdir(), 'siyu-cost-'));
    const traceFile = join(dir, 'trace.jsonl');
    writeFileSync(traceFile, '');
    process.env.SIYU_COST_TRACE = traceFile;
    const invocations: Invocation[] = [];
    const logLines: Array<{ t: number; bytes: number; fn?: string }> = [];
    const stack = await startLocalStack({
      port: await freePort(),
      log: (l) => process.stderr.write(`  stack: ${l}\n`),
      // Bundling every function takes minutes on a loaded 2-core machine.
      startTimeoutMs: 600_000,
      rawFunctionOutput: (raw) => {
        const t = Date.now();
        const inv = parseInvocationLine(raw);
        if (inv) invocations.push({ t, ...inv });
        else if (isFunctionLogLine(raw)) {
          const fn = /"function_name":"[^"]*?-(\w+)"/.exec(raw)?.[1];
          logLines.push({ t, bytes: Buffer.byteLength(raw) + 1, ...(fn ? { fn } : {}) });
        }
      },
    });
    delete process.env.SIYU_COST_TRACE; // only the stack's clients (made above) and its functions trace
    // The quiet check's own requests are not counted: a client without the trace middleware.
    const sqs = new SQSClient({ endpoint: stack.sqsEndpoint, region: 'ap-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const scheduled = new Set(Object.keys(scheduledFunctions()));
    try {
      const corpId = stack.tenant.corpId;
      const aesKey = decodeAesKey(DEMO_TENANT.encodingAesKey);
      const sim = async (path: string, body: unknown) => {
        const res = await fetch(`${stack.wecomApiBase}/__sim/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`);
        return (await res.json()) as Record<string, unknown>;
      };
      const admin = async (path: string, body: unknown) => {
        const res = await fetch(`${stack.url}/admin/v1/tenants/${corpId}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${stack.adminApiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
        return (await res.json()) as Record<string, unknown>;
      };
      const callback = async (xml: string) => {
        const cb = signedCallback({ corpId, token: DEMO_TENANT.token, aesKey, xml });
        const res = await fetch(`${stack.url}/wecom/${corpId}/callback?${callbackQueryString(cb.query)}`, {
          method: 'POST',
          headers: { 'content-type': 'text/xml' },
          body: cb.body,
        });
        await res.text();
        if (res.status !== 200) throw new Error(`callback answered ${res.status}`);
      };

      // Set-up (before any window): a channel with its own welcome and a tag, a 微信客服 keyword rule, a group code.
      const { state } = (await admin('/channels', {
        name: 'cost',
        staff: ['zhangsan'],
        tags: ['etsiyudemotag0001'],
        welcome: { text: '{{name}}，欢迎！' },
      })) as { state: string };
      await admin('/keyword-rules', { keywords: ['运费'], reply: { text: '满 99 包邮' }, scope: 'kf' });
      const chatId = `wr${randomUUID().replace(/-/g, '')}`;
      await sim('group-chats', { corpId, groupChats: [{ chatId, name: '成本群', owner: 'lisi', members: [{ userId: 'lisi', type: 1 }] }] });
      await admin('/group-codes', { name: '成本群码', chatIds: [chatId] });

      const added: string[] = [];
      let unhandledId = 0;
      const send: Record<EventType, () => Promise<void>> = {
        add: async () => {
          const externalUserId = `wm${randomUUID().replace(/-/g, '')}`;
          await sim('customers', { corpId, customers: [{ externalUserId, name: '成本客户', follows: [{ userId: 'zhangsan', state }] }] });
          const { welcomeCode } = (await sim('welcome-codes', { corpId, userId: 'zhangsan', externalUserId })) as { welcomeCode: string };
          await callback(addExternalContactXml({ corpId, userId: 'zhangsan', externalUserId, state, welcomeCode }));
          added.push(externalUserId);
        },
        delete: async () => {
          const externalUserId = added.shift();
          if (!externalUserId) throw new Error('no added customer left to delete');
          await callback(delFollowUserXml({ corpId, userId: 'zhangsan', externalUserId }));
        },
        kf: async () => {
          const { token } = (await sim('kf-messages', {
            corpId,
            openKfId: DEMO_KF_ACCOUNT,
            messages: [{ msgtype: 'text', external_userid: `wm${randomUUID().replace(/-/g, '')}`, text: { content: '请问运费多少？' } }],
          })) as { token: string };
          await callback(kfMsgOrEventXml({ corpId, token, openKfId: DEMO_KF_ACCOUNT }));
        },
        group: async () => {
          const { added: change } = (await sim('group-chats/members', {
            corpId,
            chatId,
            add: [{ userId: `wm${randomUUID().replace(/-/g, '')}`, type: 2, joinScene: 3 }],
          })) as { added: { members: string[]; lastMemVer: string; curMemVer: string } };
          await callback(
            externalChatUpdateXml({
              corpId,
              chatId,
              updateDetail: 'add_member',
              joinScene: 3,
              members: change.members,
              lastMemVer: change.lastMemVer,
              curMemVer: change.curMemVer,
            }),
          );
        },
        unhandled: async () => {
          // change_contact.update_party: a department changed; no concern subscribes to it (shared/domain/fanout.ts).
          await callback(
            xmlDocument([
              ['ToUserName', corpId],
              ['FromUserName', 'sys'],
              ['CreateTime', Math.floor(Date.now() / 1000)],
              ['MsgType', 'event'],
              ['Event', 'change_contact'],
              ['ChangeType', 'update_party'],
              ['Id', 1000 + unhandledId++],
              ['Name', `部门${unhandledId}`],
            ]),
          );
        },
      };

      const queues = [...Object.values(stack.queueUrls), ...Object.values(stack.dlqUrls)];
      const lastActivity = () =>
        Math.max(
          0,
          ...invocations.filter((i) => !scheduled.has(i.fn)).map((i) => i.t),
          ...logLines.filter((l) => !l.fn || !scheduled.has(l.fn)).map((l) => l.t),
        );
      /** Every queue empty three checks in a row and no function output for 1.5 s (60 s at most). */
      const waitQuiet = async () => {
        const deadline = Date.now() + 60_000;
        let quiet = 0;
        while (Date.now() < deadline) {
          let held = 0;
          for (const QueueUrl of queues) {
            const a = await sqs.send(
              new GetQueueAttributesCommand({
                QueueUrl,
                AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
              }),
            );
            held += ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'].reduce(
              (s, k) => s + Number(a.Attributes?.[k as 'ApproximateNumberOfMessages'] ?? 0),
              0,
            );
          }
          quiet = held === 0 ? quiet + 1 : 0;
          if (quiet >= 3 && Date.now() - lastActivity() > 1500) return;
          await sleep(300);
        }
        throw new Error('the stack did not become quiet within 60 s');
      };

      const windows: Partial<Record<EventType, { from: number; to: number }>> = {};
      // Warm every container of every path first (cold starts are rare in steady traffic; not the events' cost).
      for (const type of EVENT_TYPES) {
        for (let i = 0; i < 2; i++) await send[type]();
        await waitQuiet();
      }
      for (const type of EVENT_TYPES) {
        process.stderr.write(`  cost: ${N} × ${type}\n`);
        const from = Date.now();
        for (let i = 0; i < N; i++) await send[type]();
        await waitQuiet();
        windows[type] = { from, to: Date.now() };
      }

      const trace = readFileSync(traceFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as CostTraceRecord);
      const calls = (
        (await (await fetch(`${stack.wecomApiBase}/__sim/calls?corpId=${corpId}`)).json()) as { calls: Array<{ at: number; path: string }> }
      ).calls.filter((c) => c.path.startsWith('/cgi-bin/'));
      const sls = readYaml('serverless.yml') as { provider: { memorySize?: number }; functions: Record<string, { memorySize?: number }> };
      const memoryMb = Object.fromEntries(Object.entries(sls.functions).flatMap(([k, f]) => (f.memorySize ? [[k, f.memorySize]] : [])));
      const defaultMemoryMb = sls.provider.memorySize ?? 1024;
      const counts = Object.fromEntries(
        EVENT_TYPES.map((type) => [
          type,
          attribute(
            {
              ...windows[type]!,
              events: N,
              trace,
              invocations,
              logLines: logLines.filter((l) => !l.fn || !scheduled.has(l.fn)),
              wecomCalls: calls,
              httpRequestsPerEvent: 1,
            },
            { memoryMb, defaultMemoryMb, excludeFunctions: scheduled },
          ),
        ]),
      ) as Record<EventType, EventCounts>;

      // Idle: each schedule's runs as measured during this bench (the stack invokes them every period).
      const idleRun = (logicalId: string): IdleRun => {
        const key = Object.keys(sls.functions).find((k) => `${k[0]!.toUpperCase()}${k.slice(1)}LambdaFunction` === logicalId);
        const runs = invocations.filter((i) => i.fn === key);
        if (!key || runs.length === 0) return { durationMs: 100, readUnits: 1, writeUnits: 0, logBytes: PLATFORM_LOG_BYTES_PER_INVOCATION };
        const mine = trace.filter((r) => r.fn?.endsWith(`-${key}`));
        return {
          durationMs: runs.reduce((s, i) => s + i.ms, 0) / runs.length,
          readUnits: mine.reduce((s, r) => s + (r.rcu ?? 0), 0) / runs.length,
          writeUnits: mine.reduce((s, r) => s + (r.wcu ?? 0), 0) / runs.length,
          logBytes: logLines.filter((l) => l.fn === key).reduce((s, l) => s + l.bytes, 0) / runs.length + PLATFORM_LOG_BYTES_PER_INVOCATION,
        };
      };
      const p = prices as Prices;
      const idle = idleCost(await productionTemplate(), p, idleRun);
      const result = costResult(counts, p, idle.total);
      mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
      writeFileSync(join(import.meta.dirname, 'results', 'cost.json'), `${JSON.stringify(result, null, 2)}\n`);

      const detail = (r: Record<string, number>) =>
        Object.entries(r)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k.replace('/cgi-bin/', '')} ${+v.toFixed(2)}`)
          .join(', ') || '–';
      return [
        table(
          ['event', 'invocations', 'SQS requests', 'DynamoDB write / read units', 'WeCom calls', 'log KB', '$ per million'],
          EVENT_TYPES.map((e) => {
            const c = counts[e];
            return [
              LABELS[e],
              +c.invocations.toFixed(2),
              +c.sqsRequests.toFixed(2),
              `${c.dynamoWriteUnits.toFixed(1)} / ${c.dynamoReadUnits.toFixed(1)}`,
              +c.wecomCalls.toFixed(2),
              (c.logBytes / 1024).toFixed(1),
              result.events[e].usdPerMillion.toFixed(2),
            ];
          }),
        ),
        '',
        '$ per million by service, and what the units are made of (per event):',
        '',
        table(
          [
            'event',
            'Lambda',
            'HTTP API',
            'SQS',
            'DynamoDB',
            'logs',
            'mean ms',
            'DynamoDB requests (GSI units, failed conditions)',
            'by operation (write/read units)',
            'SQS by action',
            'WeCom calls',
          ],
          EVENT_TYPES.map((e) => {
            const c = counts[e];
            const b = usdPerMillion(c, p);
            return [
              e,
              b.lambda.toFixed(2),
              b.httpApi.toFixed(2),
              b.sqs.toFixed(2),
              b.dynamodb.toFixed(2),
              b.logs.toFixed(2),
              c.meanDurationMs.toFixed(0),
              `${+c.dynamoRequests.toFixed(2)} (${+c.dynamoGsiUnits.toFixed(2)}, ${+c.failedConditionalWrites.toFixed(2)})`,
              Object.entries(c.dynamoByOp)
                .map(([op, v]) => `${op} ×${+v.requests.toFixed(2)}: ${+v.wcu.toFixed(1)}/${+v.rcu.toFixed(1)}`)
                .join(', ') || '–',
              detail(c.sqsByAction),
              detail(c.wecomByPath),
            ];
          }),
        ),
        '',
        `Idle per month (packaged prod template, no egress): **$${idle.total.toFixed(2)}**`,
        '',
        table(
          ['item', 'count', '$ / month', 'detail'],
          [...idle.lines, ...natOptions(p).map((l) => ({ ...l, item: `${l.item} (option, on top)` }))].map((l) => [
            l.item,
            l.count,
            l.usdPerMonth.toFixed(2),
            l.detail,
          ]),
        ),
        '',
        ...targetLines(result).map((t) => `- ${t.name}: ${t.value.toFixed(2)} (target ≤ ${t.target}) ${verdict(t.pass)}`),
        '',
        `_Prices: ${p.region}, ${p.date} (bench/prices-us-east-1.json). Written to bench/results/cost.json._`,
      ].join('\n');
    } finally {
      sqs.destroy();
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
