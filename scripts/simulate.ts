// `npm run simulate`: realistic signed WeCom callbacks for the demo tenant against a running stack
// (`npm start`). Prints the status codes per scenario; exits 1 if any callback got an unexpected one.
//   --scenario <name|all>   one of the scenarios below (default all)
//   --count N               customers per add / burst scenario (default 5)
// It reads the variables `npm start` reads (scripts/local/local-env.ts): PORT (default 3000) is the stack,
// SIM_PORT (default 3030) the bundled simulator where welcome codes are registered (WECOM_API_BASE instead,
// when the stack was started with one), ADMIN_API_KEY (default the dev key) for the admin API set-ups.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { decodeAesKey } from '../shared/wecom/crypto';
import { readLocalEnv, unreachableMessage } from './local/local-env';
import {
  addExternalContactXml,
  addHalfExternalContactXml,
  callbackQueryString,
  delExternalContactXml,
  delFollowUserXml,
  deleteUserXml,
  editExternalContactXml,
  externalChatCreateXml,
  externalChatDismissXml,
  externalChatUpdateXml,
  externalTagXml,
  kfMsgOrEventXml,
  msgauditNotifyXml,
  signedCallback,
  signedEcho,
  textMessageXml,
  transferFailXml,
} from '../simulator/callbacks';
import { DEMO_KF_ACCOUNT, DEMO_STAFF, DEMO_TENANT } from '../simulator/demo-tenant';

const { values } = parseArgs({
  options: { scenario: { type: 'string', default: 'all' }, count: { type: 'string', default: '5' } },
});
const count = Math.max(1, Math.min(500, Number(values.count) || 5));
const local = readLocalEnv();
const stackUrl = local.stackUrl;
const simUrl = local.simulatorUrl;
const tenant = DEMO_TENANT;
const aesKey = decodeAesKey(tenant.encodingAesKey);
const callbackUrl = `${stackUrl}/wecom/${tenant.corpId}/callback`;
const staff = DEMO_STAFF.map((s) => s.userId);
const notes: string[] = [];
const adminKey = local.adminApiKey;

/** A fetch failure that names the service that did not answer and the setting that points at it. */
class UnreachableError extends Error {}

/** fetch, but a network failure says which local service is unreachable and why. */
async function reach(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await globalThis.fetch(url, init);
  } catch (e) {
    const [what, base, setting] = url.startsWith(simUrl)
      ? ['the WeCom simulator', simUrl, local.simulatorSetting]
      : ['the Siyu stack', stackUrl, `PORT=${local.port}`];
    throw new UnreachableError(unreachableMessage(what, base, setting, e));
  }
}

interface Outcome {
  label: string;
  status: number;
  expected: number;
}

const now = () => Math.floor(Date.now() / 1000);
const externalId = () => `wm${randomBytes(21).toString('base64url').replace(/[-_]/g, 'x')}`.slice(0, 32);
const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;

async function post(label: string, xml: string, expected = 200, tamper = false): Promise<Outcome> {
  const signed = signedCallback({ corpId: tenant.corpId, token: tenant.token, aesKey, xml, agentId: tenant.agentId });
  if (tamper) signed.query.msg_signature = signed.query.msg_signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  return postSigned(label, signed, expected);
}

async function postSigned(label: string, signed: ReturnType<typeof signedCallback>, expected = 200): Promise<Outcome> {
  const res = await reach(`${callbackUrl}?${callbackQueryString(signed.query)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: signed.body,
  });
  await res.text();
  return { label, status: res.status, expected };
}

/** Registers a welcome code in the simulator, as WeCom issues one with the add event. */
async function welcomeCode(userId: string, externalUserId: string, state: string): Promise<string | undefined> {
  try {
    const res = await reach(`${simUrl}/__sim/welcome-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // ensureFollow: WeCom knows the customer it issues a welcome code for (reconcile agrees with the demo).
      body: JSON.stringify({ corpId: tenant.corpId, userId, externalUserId, state, ensureFollow: true }),
    });
    if (!res.ok) throw new Error(`the WeCom simulator at ${simUrl} answered HTTP ${res.status}`);
    return ((await res.json()) as { welcomeCode: string }).welcomeCode;
  } catch (e) {
    note(`no welcome code (${e instanceof Error ? e.message : String(e)}); adds are sent without one`);
    return undefined;
  }
}

/** Adds a customer to the simulator's WeCom, as a real add does before its callback (so reconcile agrees). */
async function knownToWecom(userId: string, externalUserId: string, state: string): Promise<void> {
  const res = await reach(`${simUrl}/__sim/customers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ corpId: tenant.corpId, customers: [{ externalUserId, name: `客户${externalUserId.slice(-4)}`, follows: [{ userId, state }] }] }),
  }).catch(() => undefined);
  if (!res?.ok) note(`could not add ${externalUserId} to the simulator at ${simUrl}; reconcile will see it as drift`);
}

/** Queues customer messages in the simulator's kf/sync_msg and returns the callback Token. */
async function kfToken(externalUserId: string): Promise<string> {
  try {
    const res = await reach(`${simUrl}/__sim/kf-messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        corpId: tenant.corpId,
        openKfId: DEMO_KF_ACCOUNT,
        messages: [{ msgtype: 'text', external_userid: externalUserId, text: { content: '你好，想咨询一下价格' } }],
      }),
    });
    if (!res.ok) throw new Error(`the WeCom simulator at ${simUrl} answered HTTP ${res.status}`);
    return ((await res.json()) as { token: string }).token;
  } catch (e) {
    note(`no kf token (${e instanceof Error ? e.message : String(e)}); using a made-up one`);
    return `ENC${randomBytes(24).toString('base64url')}`;
  }
}

function note(line: string): void {
  if (!notes.includes(line)) notes.push(line);
}

const scenarios: Record<string, { about: string; run: () => Promise<Outcome[]> }> = {
  verify: {
    about: 'GET URL verification (echostr)',
    async run() {
      const echo = signedEcho({ corpId: tenant.corpId, token: tenant.token, aesKey });
      const res = await reach(`${callbackUrl}?${callbackQueryString(echo.query)}`);
      const body = await res.text();
      const ok = res.status === 200 && body === echo.plaintext;
      return [{ label: 'echostr', status: ok ? 200 : res.status === 200 ? -200 : res.status, expected: 200 }];
    },
  },
  'channel-adds': {
    about: 'customers add staff through channel QR codes (State + WelcomeCode)',
    async run() {
      const out: Outcome[] = [];
      for (let i = 0; i < count; i++) {
        const userId = pick(staff, i);
        const ext = externalId();
        const state = pick(['expo2024', 'wechat-article', 'store-sh-01'], i);
        const code = await welcomeCode(userId, ext, state);
        out.push(
          await post(
            'add_external_contact',
            addExternalContactXml({ corpId: tenant.corpId, userId, externalUserId: ext, state, ...(code ? { welcomeCode: code } : {}) }),
          ),
        );
      }
      const half = externalId();
      const code = await welcomeCode('lisi', half, 'skip-verify');
      out.push(
        await post(
          'add_half_external_contact',
          addHalfExternalContactXml({
            corpId: tenant.corpId,
            userId: 'lisi',
            externalUserId: half,
            state: 'skip-verify',
            ...(code ? { welcomeCode: code } : {}),
          }),
        ),
      );
      return out;
    },
  },
  'channel-cap': {
    about: 'a channel with a daily cap of 2: the third customer finds the backup staff on the QR code',
    async run() {
      const api = `${stackUrl}/admin/v1/tenants/${tenant.corpId}/channels`;
      const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
      const res = await reach(api, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          name: `simulate ${new Date().toISOString().slice(11, 19)}`,
          staff: ['wangwu'],
          backupStaff: ['zhaoliu'],
          dailyCapPerStaff: 2,
          tags: ['etsiyudemotag0001'],
          welcome: { text: '{{name}}，欢迎！' },
        }),
      });
      if (res.status !== 201) throw new Error(`creating a channel answered ${res.status}: ${await res.text()}`);
      const channel = (await res.json()) as { id: string; state: string };
      const out: Outcome[] = [];
      for (let i = 0; i < 2; i++) {
        const ext = externalId();
        const code = await welcomeCode('wangwu', ext, channel.state);
        out.push(
          await post(
            'add via channel',
            addExternalContactXml({
              corpId: tenant.corpId,
              userId: 'wangwu',
              externalUserId: ext,
              state: channel.state,
              ...(code ? { welcomeCode: code } : {}),
            }),
          ),
        );
      }
      await new Promise((r) => setTimeout(r, 1500));
      const read = (await (await reach(`${api}/${channel.id}`, { headers })).json()) as {
        contactWay?: { staff: string[] };
        stats?: { total: { adds: number } };
      };
      note(
        `channel ${channel.id}: ${read.stats?.total.adds ?? '?'} adds today, the QR code now routes to ${JSON.stringify(read.contactWay?.staff)} (GET ${api}/${channel.id})`,
      );
      return out;
    },
  },
  archive: {
    about: 'archived chats (会话存档): consent, a customer question, a red packet, a revoke; the local puller feeds them in',
    async run() {
      const customer = externalId();
      const t = Date.now();
      const messages = [
        { msgtype: 'agree', from: customer, tolist: ['zhangsan'], msgtime: t - 4000, agree: { userid: customer, agree_time: t - 4000 } },
        { msgtype: 'text', from: customer, tolist: ['zhangsan'], msgtime: t - 3000, text: { content: '你好，这个多少钱？可以退款吗' } },
        {
          msgtype: 'external_redpacket',
          from: 'zhangsan',
          tolist: [customer],
          msgtime: t - 2000,
          redpacket: { type: 1, wish: '感谢支持', totalcnt: 1, totalamount: 888 },
        },
        { msgtype: 'text', from: 'zhangsan', tolist: [customer], msgtime: t - 1500, text: { content: '发错了' } },
        { msgtype: 'revoke', action: 'recall', from: 'zhangsan', tolist: [customer], msgtime: t - 1000, revoke: { pre_msgid: 'previous-message' } },
      ];
      const res = await reach(`${simUrl}/__sim/archive-messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ corpId: tenant.corpId, messages }),
      });
      note(
        `archive: ${messages.length} messages for ${customer}; see GET ${stackUrl}/admin/v1/tenants/${tenant.corpId}/archive?customer=${customer} in a few seconds`,
      );
      return [{ label: 'archive messages', status: res.status, expected: 200 }];
    },
  },
  deletions: {
    about: 'deletions both ways: staff deletes a customer, a customer deletes staff',
    async run() {
      const a = externalId();
      const b = externalId();
      const t = now();
      return [
        await post('add (a)', addExternalContactXml({ corpId: tenant.corpId, userId: 'zhangsan', externalUserId: a, createTime: t - 2 })),
        await post('add (b)', addExternalContactXml({ corpId: tenant.corpId, userId: 'lisi', externalUserId: b, createTime: t - 2 })),
        await post('del_external_contact', delExternalContactXml({ corpId: tenant.corpId, userId: 'zhangsan', externalUserId: a, createTime: t })),
        await post('del_follow_user', delFollowUserXml({ corpId: tenant.corpId, userId: 'lisi', externalUserId: b, createTime: t })),
      ];
    },
  },
  groups: {
    about: 'customer groups: create, join by QR code, leave, dismiss',
    async run() {
      const chatId = `wr${randomBytes(21).toString('base64url').replace(/[-_]/g, 'x')}`.slice(0, 32);
      const joiners = [externalId(), externalId()];
      const t = now();
      return [
        await post('create', externalChatCreateXml({ corpId: tenant.corpId, chatId, createTime: t - 3 })),
        await post(
          'add_member',
          externalChatUpdateXml({ corpId: tenant.corpId, chatId, updateDetail: 'add_member', joinScene: 3, members: joiners, createTime: t - 2 }),
        ),
        await post(
          'del_member',
          externalChatUpdateXml({ corpId: tenant.corpId, chatId, updateDetail: 'del_member', quitScene: 0, members: joiners.slice(0, 1), createTime: t - 1 }),
        ),
        await post('dismiss', externalChatDismissXml({ corpId: tenant.corpId, chatId, createTime: t })),
      ];
    },
  },
  chats: {
    about: 'chats: a member messages the app, a WeChat customer writes to 微信客服',
    async run() {
      const token = await kfToken(externalId());
      return [
        await post('text message', textMessageXml({ corpId: tenant.corpId, fromUser: 'wangwu', content: '今天的客户名单发我一下', agentId: tenant.agentId })),
        await post('kf_msg_or_event', kfMsgOrEventXml({ corpId: tenant.corpId, token, openKfId: DEMO_KF_ACCOUNT })),
        await post('msgaudit_notify', msgauditNotifyXml({ corpId: tenant.corpId })),
      ];
    },
  },
  others: {
    about: 'edits, tags, failed transfer, resignation',
    async run() {
      const ext = externalId();
      return [
        await post('edit_external_contact', editExternalContactXml({ corpId: tenant.corpId, userId: 'zhangsan', externalUserId: ext })),
        await post('change_external_tag', externalTagXml({ corpId: tenant.corpId, id: 'etsiyudemotag0001', changeType: 'update' })),
        await post('transfer_fail', transferFailXml({ corpId: tenant.corpId, userId: 'lisi', externalUserId: ext, failReason: 'customer_refused' })),
        await post('delete_user', deleteUserXml({ corpId: tenant.corpId, userId: `leaver${randomBytes(3).toString('hex')}` })),
      ];
    },
  },
  duplicates: {
    about: 'WeCom retries: the same signed body sent 3 times',
    async run() {
      const ext = externalId();
      await knownToWecom('zhangsan', ext, 'retry-test');
      const xml = addExternalContactXml({ corpId: tenant.corpId, userId: 'zhangsan', externalUserId: ext, state: 'retry-test' });
      const signed = signedCallback({ corpId: tenant.corpId, token: tenant.token, aesKey, xml, agentId: tenant.agentId });
      const out: Outcome[] = [];
      for (let i = 1; i <= 3; i++) out.push(await postSigned(`delivery ${i}`, signed));
      return out;
    },
  },
  burst: {
    about: 'same-second burst of distinct customers, sent concurrently',
    async run() {
      const t = now();
      const adds = Array.from({ length: count }, (_, i) => ({ userId: pick(staff, i), ext: externalId() }));
      for (const a of adds) await knownToWecom(a.userId, a.ext, 'burst');
      return Promise.all(
        adds.map((a) =>
          post('add (burst)', addExternalContactXml({ corpId: tenant.corpId, userId: a.userId, externalUserId: a.ext, state: 'burst', createTime: t })),
        ),
      );
    },
  },
  'bad-signature': {
    about: 'a forged signature is rejected (401)',
    async run() {
      return [await post('forged', addExternalContactXml({ corpId: tenant.corpId, userId: 'zhangsan', externalUserId: externalId() }), 401, true)];
    },
  },
};

/** Both services answer before anything is sent; otherwise one line per service that does not. */
async function unreachable(): Promise<string[]> {
  const probe = async (url: string) => {
    try {
      const res = await reach(url, { signal: AbortSignal.timeout(5000) });
      await res.text();
      return res.ok ? undefined : `${url} answers HTTP ${res.status} — is \`npm start\` still starting?`;
    } catch (e) {
      return (e as Error).message;
    }
  };
  const lines = await Promise.all([probe(`${stackUrl}/health`), probe(`${simUrl}/__sim/health`)]);
  return lines.filter((l): l is string => l !== undefined);
}

async function main(): Promise<number> {
  const names = values.scenario === 'all' ? Object.keys(scenarios) : [values.scenario ?? ''];
  for (const n of names) {
    if (!scenarios[n]) {
      console.error(`unknown scenario "${n}"; one of: all, ${Object.keys(scenarios).join(', ')}`);
      return 2;
    }
  }
  console.log(`callbacks → ${callbackUrl}\nsimulator → ${simUrl}\n`);
  const down = await unreachable();
  if (down.length > 0) {
    for (const line of down) console.error(line);
    return 1;
  }
  let unexpected = 0;
  for (const n of names) {
    const s = scenarios[n] as (typeof scenarios)[string];
    let outcomes: Outcome[];
    try {
      outcomes = await s.run();
    } catch (e) {
      const cause = !(e instanceof UnreachableError) && e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : '';
      console.error(`${n}: ${e instanceof Error ? e.message : String(e)}${cause}`);
      return 1;
    }
    const byStatus = new Map<number, number>();
    for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
    const bad = outcomes.filter((o) => o.status !== o.expected);
    unexpected += bad.length;
    const statuses = [...byStatus].map(([status, k]) => `${status === -200 ? '200 (wrong echo)' : status}×${k}`).join(' ');
    console.log(`${bad.length ? 'FAIL' : 'ok  '} ${n.padEnd(14)} ${String(outcomes.length).padStart(3)} sent  ${statuses.padEnd(14)} ${s.about}`);
    for (const b of bad) console.log(`       ${b.label}: got ${b.status}, expected ${b.expected}`);
  }
  for (const line of notes) console.log(`note: ${line}`);
  console.log(unexpected ? `\n${unexpected} callback(s) got an unexpected status` : '\nall callbacks answered as expected');
  return unexpected ? 1 : 0;
}

process.exitCode = await main();
