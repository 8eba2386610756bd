// Every human-readable name and text of the admin API, and the inputs that could outgrow one DynamoDB item,
// through the real use cases with "tripwire" dependencies: a bad value must be refused (400, or 413 for
// size) naming its field before any store, WeCom or queue is touched, so nothing is stored or changed.
import { InvalidCursorError, PayloadTooLargeError, ValidationError } from '../../shared/errors';
import { upsertTenant } from '../../shared/tenants/upsert-tenant';
import { channelCreateSchema } from '../../shared/channels/channel.schema';
import { invoke } from './dispatch';
import { broadcastRoutes } from './routes/broadcasts';
import { channelRoutes } from './routes/channels';
import { conversationRoutes } from './routes/conversations';
import { groupCodeRoutes } from './routes/group-codes';
import { groupWelcomeTemplateRoutes } from './routes/group-welcome-templates';
import { keywordRuleRoutes } from './routes/keyword-rules';
import { momentRoutes } from './routes/moments';
import { quickReplyRoutes } from './routes/quick-replies';
import { sopPlanRoutes } from './routes/sop-plans';
import { tagRoutes } from './routes/tags';

const CORP = 'wwtripwire0001';
const NOW = 1_790_000_000_000;

/** Dependencies that refuse to be used: only the clocks answer. */
let touched: string[] = [];
const tripwire = new Proxy({} as Record<string, unknown>, {
  get(_, p) {
    if (p === 'nowMs') return () => NOW;
    if (p === 'nowSeconds') return () => NOW / 1000;
    if (p === 'now') return () => new Date(NOW);
    if (p === 'clock') return { now: () => NOW };
    touched.push(String(p));
    throw new Error(`deps.${String(p)} used before the input was checked`);
  },
}) as never;

type Run = (body: Record<string, unknown>) => Promise<unknown>;
const routes: Record<string, { run: Run; valid: Record<string, unknown> }> = {
  'PUT tenant': { run: (b) => upsertTenant(tripwire, CORP, b), valid: { name: 'Acme', token: 'Tok1', secret: 's' } },
  'POST channels': {
    run: (b) => invoke(channelRoutes.create, tripwire, CORP, { body: b }),
    valid: { name: '展会', staff: ['zhangsan'], remark: '展会', welcome: { text: '您好\n欢迎' } },
  },
  'PATCH channels/{id}': { run: (b) => invoke(channelRoutes.update, tripwire, CORP, { params: { id: 'ch1' }, body: b }), valid: { name: '展会' } },
  'POST group-codes': {
    run: (b) => invoke(groupCodeRoutes.create, tripwire, CORP, { body: b }),
    valid: { name: '群码', chatIds: ['wr1'], roomBaseName: '福利群' },
  },
  'PATCH group-codes/{id}': { run: (b) => invoke(groupCodeRoutes.update, tripwire, CORP, { params: { id: 'g1' }, body: b }), valid: { name: '群码' } },
  'POST group-welcome-templates': {
    run: (b) => invoke(groupWelcomeTemplateRoutes.create, tripwire, CORP, { body: b }),
    valid: { name: '入群', text: '欢迎\n入群' },
  },
  'PATCH group-welcome-templates/{id}': {
    run: (b) => invoke(groupWelcomeTemplateRoutes.update, tripwire, CORP, { params: { id: 't1' }, body: b }),
    valid: { name: '入群' },
  },
  'POST keyword-rules': {
    run: (b) => invoke(keywordRuleRoutes.create, tripwire, CORP, { body: b }),
    valid: { name: '价格', keywords: ['价格'], reply: { text: '请看\t价目表' } },
  },
  'POST quick-replies': {
    run: (b) => invoke(quickReplyRoutes.create, tripwire, CORP, { body: b }),
    valid: { group: '售后', title: '退款', content: '您好\n退款流程' },
  },
  'POST tags': { run: (b) => invoke(tagRoutes.create, tripwire, CORP, { body: b }), valid: { groupName: '客户等级', name: '重要' } },
  'POST sop-plans': {
    run: (b) => invoke(sopPlanRoutes.create, tripwire, CORP, { body: b }),
    valid: { name: '新客', trigger: 'added', audience: {}, steps: [{ after: 'P1D', send: { text: '您好' }, via: 'mass_message' }] },
  },
  'POST moments': { run: (b) => invoke(momentRoutes.create, tripwire, CORP, { body: b }), valid: { text: '新品\n上市' } },
  'POST broadcasts': {
    run: (b) => invoke(broadcastRoutes.create, tripwire, CORP, { body: b }),
    valid: { target: 'customers', content: { text: '您好', nameFallback: '朋友' } },
  },
  'PUT sensitive-words': { run: (b) => invoke(conversationRoutes.putWords, tripwire, CORP, { body: b }), valid: { words: ['回扣'] } },
};

/** The error a run throws (it must throw). */
async function refusal(run: Run, body: Record<string, unknown>): Promise<unknown> {
  touched = [];
  try {
    await run(body);
  } catch (e) {
    return e;
  }
  throw new Error('accepted');
}

// [route, field path in the details, body change]
const names: Array<[string, string, (v: string) => Record<string, unknown>]> = [
  ['PUT tenant', 'name', (v) => ({ name: v })],
  ['POST channels', 'name', (v) => ({ name: v })],
  ['POST channels', 'remark', (v) => ({ remark: v })],
  ['PATCH channels/{id}', 'name', (v) => ({ name: v })],
  ['PATCH channels/{id}', 'remark', (v) => ({ remark: v })],
  ['POST group-codes', 'name', (v) => ({ name: v })],
  ['POST group-codes', 'roomBaseName', (v) => ({ roomBaseName: v })],
  ['PATCH group-codes/{id}', 'name', (v) => ({ name: v })],
  ['POST group-welcome-templates', 'name', (v) => ({ name: v })],
  ['PATCH group-welcome-templates/{id}', 'name', (v) => ({ name: v })],
  ['POST keyword-rules', 'name', (v) => ({ name: v })],
  ['POST quick-replies', 'group', (v) => ({ group: v })],
  ['POST quick-replies', 'title', (v) => ({ title: v })],
  ['POST tags', 'groupName', (v) => ({ groupName: v })],
  ['POST tags', 'name', (v) => ({ name: v })],
  ['POST sop-plans', 'name', (v) => ({ name: v })],
  [
    'POST moments',
    'attachments.0.link.title',
    (v) => ({ text: undefined, attachments: [{ msgtype: 'link', link: { title: v, url: 'https://example.com' } }] }),
  ],
  ['POST broadcasts', 'content.nameFallback', (v) => ({ content: { text: '您好 {{name}}', nameFallback: v } })],
  ['PUT sensitive-words', 'words.0', (v) => ({ words: [v] })],
];
const texts: Array<[string, string, (v: string) => Record<string, unknown>]> = [
  ['PUT tenant', 'welcome.text', (v) => ({ welcome: { text: v } })],
  ['POST channels', 'welcome.text', (v) => ({ welcome: { text: v } })],
  ['POST group-welcome-templates', 'text', (v) => ({ text: v })],
  ['PATCH group-welcome-templates/{id}', 'text', (v) => ({ text: v })],
  ['POST keyword-rules', 'reply.text', (v) => ({ reply: { text: v } })],
  ['POST quick-replies', 'content', (v) => ({ content: v })],
  ['POST sop-plans', 'steps.0.send.text', (v) => ({ steps: [{ after: 'P1D', send: { text: v }, via: 'mass_message' }] })],
  ['POST moments', 'text', (v) => ({ text: v })],
  ['POST broadcasts', 'content.text', (v) => ({ content: { text: v } })],
];

const NAME_ATTACKS = {
  NUL: '展会\u00002026',
  RLO: 'invoice\u202Egpj.exe',
  LRI: '展会\u20662026',
  'lone surrogate': '展会\ud8002026',
  newline: '展会\n2026',
  tab: '展会\t2026',
  BEL: '展会\u00072026',
  C1: '展会\u00852026',
};
const TEXT_ATTACKS = { NUL: '您好\u0000', RLO: '您好\u202E', PDI: '您好\u2069', 'lone surrogate': '您好\udc00', ESC: '您好\u001b[31m' };

describe('names and titles', () => {
  it.each(names)('%s refuses a control, bidi or lone-surrogate character in %s, touching nothing', async (route, field, change) => {
    const { run, valid } = routes[route]!;
    for (const [attack, v] of Object.entries(NAME_ATTACKS)) {
      const e = await refusal(run, { ...valid, ...change(v) });
      expect({ attack, error: e instanceof ValidationError, touched }).toEqual({ attack, error: true, touched: [] });
      expect((e as ValidationError).details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
  });
});

describe('texts', () => {
  it.each(texts)('%s refuses NUL, bidi controls and lone surrogates in %s, touching nothing', async (route, field, change) => {
    const { run, valid } = routes[route]!;
    for (const [attack, v] of Object.entries(TEXT_ATTACKS)) {
      const e = await refusal(run, { ...valid, ...change(v) });
      expect({ attack, error: e instanceof ValidationError, touched }).toEqual({ attack, error: true, touched: [] });
      expect((e as ValidationError).details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
  });

  it('keep line breaks and tabs', () => {
    expect(channelCreateSchema.safeParse({ name: '展会', staff: ['u'], welcome: { text: '您好 {{name}}\r\n\t欢迎' } }).success).toBe(true);
  });
});

describe('the valid bodies above pass the checks (so each refusal is the field’s)', () => {
  it.each(Object.keys(routes))('%s gets as far as its dependencies', async (route) => {
    const { run, valid } = routes[route]!;
    const e = await refusal(run, valid);
    expect(e).not.toBeInstanceOf(ValidationError);
    expect(touched.length).toBeGreaterThan(0);
  });
});

describe('input the store cannot hold: 413 payload_too_large naming the field, touching nothing', () => {
  const cjk = (n: number, i: number) => `${'敏'.repeat(n - 4)}${String(i).padStart(4, '0')}`;
  const junk = (bytes: number) => ({ msgtype: 'link', link: { title: 't', url: 'https://example.com', desc: 'x'.repeat(bytes) } });
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['PUT sensitive-words', 'words', { words: Array.from({ length: 5000 }, (_, i) => cjk(50, i)) }],
    ['POST channels', 'welcome.attachments.0', { welcome: { text: 'hi', attachments: [junk(10_000)] } }],
    ['PUT tenant', 'welcome.attachments.0', { welcome: { text: 'hi', attachments: [junk(10_000)] } }],
    ['POST keyword-rules', 'reply.attachments.0', { reply: { text: 'hi', attachments: [junk(10_000)] } }],
    ['POST quick-replies', 'attachments.0', { attachments: [junk(10_000)] }],
    ['POST broadcasts', 'content.attachments.0', { content: { attachments: [junk(10_000)] } }],
    [
      'POST sop-plans',
      'steps',
      {
        steps: Array.from({ length: 50 }, () => ({
          after: 'P1D',
          send: { text: '您'.repeat(1333), attachments: Array.from({ length: 9 }, () => junk(7_000)) },
          via: 'mass_message',
        })),
      },
    ],
    [
      'POST broadcasts',
      'filter',
      {
        filter: {
          tags: Array.from({ length: 100 }, (_, i) => `et${'x'.repeat(120)}${i}`),
          staff: Array.from({ length: 1000 }, (_, i) => `u${'x'.repeat(120)}${i}`),
          channel: Array.from({ length: 1000 }, (_, i) => `c${'x'.repeat(120)}${i}`),
        },
      },
    ],
    ['POST moments', 'senders', { senders: Array.from({ length: 100_000 }, (_, i) => `user${'x'.repeat(40)}${i}`) }],
  ];
  it.each(cases)('%s: %s', async (route, field, change) => {
    const { run, valid } = routes[route]!;
    const e = await refusal(run, { ...valid, ...change });
    expect({ e: e instanceof PayloadTooLargeError, touched }).toEqual({ e: true, touched: [] });
    expect(e).toMatchObject({
      code: 'payload_too_large',
      httpStatus: 413,
      details: [expect.objectContaining({ field, message: expect.stringMatching(/最多 \d+ 字节/) })],
    });
  });

  it('an invalid cursor is its own code, not a validation failure', () => {
    expect(new InvalidCursorError()).toMatchObject({ code: 'invalid_cursor', httpStatus: 400 });
  });
});
