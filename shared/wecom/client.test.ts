// The WeCom client against a fake WeCom (an injected fetch): tokens, retries, budget, validation.
import { DependencyError, RateLimitedError, ValidationError } from '../errors';
import { createWecomClient, type WecomClientOptions } from './client';
import { MemoryRateBudgetStore, MemoryTokenStore } from './memory-stores';
import { createRateBudget } from './rate-budget';
import { secretIdOf } from './token-provider';
import { WecomApiError, WecomResponseError } from './wecom-error';

const cred = { corpId: 'wwcorp', secret: 'the-secret' };

interface SeenCall {
  path: string;
  query: Record<string, string>;
  body: unknown;
  init: RequestInit | undefined;
}

/** A fake WeCom: `answer` decides each business call; gettoken hands out token-1, token-2, … */
function fakeWecom(answer: (call: SeenCall) => unknown = () => ({ errcode: 0, errmsg: 'ok', follow_user: ['zhangsan'] })) {
  const calls: SeenCall[] = [];
  let tokens = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body;
    const call = { path: url.pathname, query: Object.fromEntries(url.searchParams), body, init };
    calls.push(call);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((r) => setTimeout(r, 2));
      const out = url.pathname === '/cgi-bin/gettoken' ? { errcode: 0, errmsg: 'ok', access_token: `token-${++tokens}`, expires_in: 7200 } : answer(call);
      if (out instanceof Response) return out;
      return new Response(JSON.stringify(out), { status: 200, headers: { 'content-type': 'application/json' } });
    } finally {
      inFlight--;
    }
  }) as typeof globalThis.fetch;
  const business = () => calls.filter((c) => c.path !== '/cgi-bin/gettoken');
  const gettokens = () => calls.filter((c) => c.path === '/cgi-bin/gettoken');
  return { fetch, calls, business, gettokens, maxInFlight: () => maxInFlight };
}

function client(wecom: ReturnType<typeof fakeWecom>, extra: Partial<WecomClientOptions> = {}) {
  const sleeps: number[] = [];
  const tokens = new MemoryTokenStore();
  const budgetStore = new MemoryRateBudgetStore();
  const c = createWecomClient({
    baseUrl: 'https://qyapi.example/',
    tokens,
    budget: createRateBudget({ store: budgetStore }),
    fetch: wecom.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  return { api: c.forTenant(cred), client: c, sleeps, tokens, budgetStore };
}

const errcode = (code: number) => ({ errcode: code, errmsg: `error ${code}` });

describe('WeCom client: tokens', () => {
  it('20 parallel calls of a cold client fetch one token', async () => {
    const wecom = fakeWecom();
    const { api } = client(wecom, { maxConcurrencyPerCorp: 20 });
    const out = await Promise.all(Array.from({ length: 20 }, () => api.call('externalcontact/get_follow_user_list', {})));
    expect(out[0]).toEqual({ errcode: 0, errmsg: 'ok', follow_user: ['zhangsan'] });
    expect(wecom.gettokens()).toHaveLength(1);
    expect(wecom.business()).toHaveLength(20);
    expect(wecom.business().every((c) => c.query.access_token === 'token-1')).toBe(true);
    expect(wecom.gettokens()[0]?.query).toEqual({ corpid: 'wwcorp', corpsecret: 'the-secret' });
  });

  it.each([40014, 42001])('on %i invalidates the token, fetches a new one and retries once', async (code) => {
    // Given WeCom refuses the first token
    const wecom = fakeWecom((c) => (c.query.access_token === 'token-1' ? errcode(code) : { errcode: 0, errmsg: 'ok', follow_user: [] }));
    const { api, tokens } = client(wecom);
    // When a call is made
    await api.call('externalcontact/get_follow_user_list', {});
    // Then it was retried with a fresh token, which is now the stored one
    expect(wecom.business().map((c) => c.query.access_token)).toEqual(['token-1', 'token-2']);
    expect((await tokens.get(cred.corpId, secretIdOf(cred.secret)))?.token).toBe('token-2');
  });

  it('refreshes only once: a second 40014 fails with a retryable WecomApiError', async () => {
    const wecom = fakeWecom(() => errcode(40014));
    const { api } = client(wecom);
    const e = await api.call('externalcontact/get_follow_user_list', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WecomApiError);
    expect(e).toMatchObject({ errcode: 40014, retryable: true });
    expect(wecom.gettokens()).toHaveLength(2);
    expect(wecom.business()).toHaveLength(2);
  });

  it('a wrong secret fails with 40001 and is not retried', async () => {
    const wecom = fakeWecom();
    const bad = (async () => new Response(JSON.stringify(errcode(40001)), { status: 200 })) as typeof fetch;
    const { api } = client({ ...wecom, fetch: bad });
    await expect(api.call('externalcontact/get_follow_user_list', {})).rejects.toMatchObject({ errcode: 40001, retryable: false });
  });
});

describe('WeCom client: retries', () => {
  it('backs off with jitter on 45009 and succeeds', async () => {
    let n = 0;
    const wecom = fakeWecom(() => (++n <= 2 ? errcode(45009) : { errcode: 0, errmsg: 'ok', follow_user: [] }));
    const { api, sleeps } = client(wecom);
    await api.call('externalcontact/get_follow_user_list', {});
    // base 1000 ms, doubling, equal jitter at random()=0.5 → 75 % of each step
    expect(sleeps).toEqual([750, 1500]);
    expect(wecom.business()).toHaveLength(3);
  });

  it('tells onErrcode of every errcode answer (each attempt), not of successes', async () => {
    let n = 0;
    const wecom = fakeWecom(() => (++n <= 2 ? errcode(45009) : n === 3 ? { errcode: 0, errmsg: 'ok', follow_user: [] } : errcode(60020)));
    const seen: Array<[number, string]> = [];
    const { api } = client(wecom, { onErrcode: (code, name) => seen.push([code, name]) });
    await api.call('externalcontact/get_follow_user_list', {});
    await expect(api.call('externalcontact/get_follow_user_list', {})).rejects.toMatchObject({ errcode: 60020 });
    expect(seen).toEqual([
      [45009, 'externalcontact/get_follow_user_list'],
      [45009, 'externalcontact/get_follow_user_list'],
      [60020, 'externalcontact/get_follow_user_list'],
    ]);
  });

  it('gives up after 3 attempts on -1 with a retryable DependencyError', async () => {
    const wecom = fakeWecom(() => errcode(-1));
    const { api, sleeps } = client(wecom);
    const e = await api.call('externalcontact/get_follow_user_list', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DependencyError);
    expect(e).toMatchObject({ retryable: true, details: { errcode: -1, attempts: 3 } });
    expect(sleeps).toEqual([150, 300]);
    expect(wecom.business()).toHaveLength(3);
  });

  it('keeps the total wait bounded (≤ 3 s) on persistent 45009/45033', async () => {
    const wecom = fakeWecom(() => errcode(45033));
    const { api, sleeps } = client(wecom, { random: () => 1 });
    await expect(api.call('externalcontact/get_follow_user_list', {})).rejects.toBeInstanceOf(DependencyError);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3000);
  });

  it.each([
    [41051, false],
    [41096, false],
    [84061, true],
    [40058, false],
  ])('errcode %i is a WecomApiError (retryable %s), not retried', async (code, retryable) => {
    const wecom = fakeWecom(() => errcode(code));
    const { api } = client(wecom);
    const e = await api.call('externalcontact/send_welcome_msg', { welcome_code: 'WC', text: { content: 'hi' } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WecomApiError);
    expect(e).toMatchObject({ errcode: code, retryable, errmsg: `error ${code}` });
    expect(wecom.business()).toHaveLength(1);
  });

  it('turns network errors and 5xx into DependencyError without the token in the message', async () => {
    const down = fakeWecom();
    const failing = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).includes('gettoken')) return down.fetch(input, init);
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const e = await client({ ...down, fetch: failing })
      .api.call('externalcontact/get_follow_user_list', {})
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DependencyError);
    expect(String((e as Error).message)).not.toContain('token-1');

    const fiveHundred = fakeWecom(() => new Response('upstream', { status: 502 }));
    await expect(client(fiveHundred).api.call('externalcontact/get_follow_user_list', {})).rejects.toBeInstanceOf(DependencyError);
  });
});

describe('WeCom client: budget, validation, concurrency, encoding', () => {
  it('refuses with RateLimitedError once the per-minute budget is spent, without calling WeCom', async () => {
    const wecom = fakeWecom();
    const budgetStore = new MemoryRateBudgetStore();
    const { api } = client(wecom, { budget: createRateBudget({ store: budgetStore, perMinute: 2 }) });
    await api.call('externalcontact/get_follow_user_list', {});
    await api.call('externalcontact/get_follow_user_list', {});
    const e = await api.call('externalcontact/get_follow_user_list', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(e).toMatchObject({ retryable: true, details: { api: 'externalcontact/get_follow_user_list', limit: 2 } });
    expect(wecom.business()).toHaveLength(2);
  });

  it('validates requests before sending anything', async () => {
    const wecom = fakeWecom();
    const { api } = client(wecom);
    const tooLong = api.call('externalcontact/add_contact_way', { type: 1, scene: 2, user: ['zhangsan'], state: 'x'.repeat(31) });
    await expect(tooLong).rejects.toBeInstanceOf(ValidationError);
    const nine = Array(10).fill({ msgtype: 'image', image: { media_id: 'm' } });
    await expect(api.call('externalcontact/send_welcome_msg', { welcome_code: 'w', attachments: nine })).rejects.toBeInstanceOf(ValidationError);
    expect(wecom.calls).toHaveLength(0);
  });

  it('validates responses', async () => {
    const wecom = fakeWecom(() => ({ errcode: 0, errmsg: 'ok' }));
    await expect(client(wecom).api.call('externalcontact/add_contact_way', { type: 1, scene: 2, user: ['u'] })).rejects.toBeInstanceOf(WecomResponseError);
  });

  it('runs at most maxConcurrencyPerCorp calls of one corp at a time', async () => {
    const wecom = fakeWecom();
    const { client: c } = client(wecom, { maxConcurrencyPerCorp: 2 });
    const api = c.forTenant(cred);
    await api.call('externalcontact/get_follow_user_list', {}); // warm the token
    await Promise.all(Array.from({ length: 10 }, () => api.call('externalcontact/get_follow_user_list', {})));
    expect(wecom.maxInFlight()).toBe(2);
  });

  it('sends GET parameters in the query, JSON bodies for POST, multipart for uploads', async () => {
    const wecom = fakeWecom((c) => {
      if (c.path.endsWith('/externalcontact/get'))
        return { errcode: 0, errmsg: 'ok', external_contact: { external_userid: 'wm1', name: 'A', type: 1 }, follow_user: [] };
      if (c.path.endsWith('/media/upload')) return { errcode: 0, errmsg: 'ok', type: 'image', media_id: 'mid', created_at: '1700000000' };
      return { errcode: 0, errmsg: 'ok', config_id: 'cfg' };
    });
    const { api } = client(wecom);
    await api.call('externalcontact/get', { external_userid: 'wm1' });
    await api.call('externalcontact/add_contact_way', { type: 1, scene: 1, user: ['u'] });
    const up = await api.call('media/upload', {
      type: 'image',
      media: { filename: 'a.png', contentType: 'image/png', data: new Uint8Array([1, 2, 3, 4, 5, 6]) },
    });
    const [get, post, upload] = wecom.business();
    expect(get).toMatchObject({ path: '/cgi-bin/externalcontact/get', query: { external_userid: 'wm1', access_token: 'token-1' } });
    expect(post).toMatchObject({ query: { access_token: 'token-1' }, body: { type: 1, scene: 1, user: ['u'] } });
    expect(upload?.query).toEqual({ type: 'image', access_token: 'token-1' });
    expect(upload?.body).toBeInstanceOf(FormData);
    expect(((upload?.body as FormData).get('media') as File).name).toBe('a.png');
    expect(up.created_at).toBe(1_700_000_000);
  });
});

describe('checkCredentials (PUT …/tenants checks a secret before storing it)', () => {
  const only = (answer: () => unknown | Promise<unknown>) =>
    (async () => {
      const out = await answer();
      return new Response(JSON.stringify(out), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof globalThis.fetch;
  const checker = (fetch: typeof globalThis.fetch) =>
    createWecomClient({
      baseUrl: 'https://qyapi.example',
      tokens: new MemoryTokenStore(),
      budget: createRateBudget({ store: new MemoryRateBudgetStore() }),
      fetch,
      sleep: async () => {},
    });

  it('gets a token once; the calls that follow use it', async () => {
    const wecom = fakeWecom();
    const { client: c, api } = client(wecom);
    await c.checkCredentials(cred);
    await api.call('externalcontact/get_follow_user_list', {});
    expect(wecom.gettokens()).toHaveLength(1);
  });

  it('throws the refusal (40001) as a WecomApiError of gettoken, and an unreachable WeCom as a DependencyError', async () => {
    await expect(checker(only(() => ({ errcode: 40001, errmsg: 'invalid credential' }))).checkCredentials(cred)).rejects.toMatchObject({
      constructor: WecomApiError,
      errcode: 40001,
      api: 'gettoken',
    });
    await expect(checker(only(() => Promise.reject(new TypeError('fetch failed')))).checkCredentials(cred)).rejects.toBeInstanceOf(DependencyError);
  });
});
