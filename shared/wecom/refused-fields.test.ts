// withRefusedFields: a use case says once which request field a refused call is about.
import type { WecomTenantClient } from './client';
import { withRefusedFields } from './refused-fields';
import { WecomApiError } from './wecom-error';

const failing = (e: unknown): WecomTenantClient => ({ call: async () => Promise.reject(e) });
const caught = async (api: WecomTenantClient, name: 'externalcontact/add_contact_way' | 'user/get') =>
  (name === 'user/get' ? api.call(name, { userid: 'x' }) : api.call(name, { type: 2, scene: 2, user: ['x'] })).then(
    () => undefined,
    (e: unknown) => e,
  );

describe('withRefusedFields', () => {
  const fields = { 'externalcontact/add_contact_way': { 40003: 'staff' } } as const;

  it('names the field of a listed errcode of a listed API, and keeps the refusal a WecomApiError', async () => {
    const e = await caught(
      withRefusedFields(failing(new WecomApiError(40003, 'invalid userid', 'externalcontact/add_contact_way', false)), fields),
      'externalcontact/add_contact_way',
    );
    expect(e).toBeInstanceOf(WecomApiError);
    expect(e).toMatchObject({ errcode: 40003, field: 'staff', errmsg: 'invalid userid' });
  });

  it('leaves other errcodes, other APIs and other errors as they are', async () => {
    const other = new WecomApiError(60003, 'department not found', 'externalcontact/add_contact_way', false);
    expect(await caught(withRefusedFields(failing(other), fields), 'externalcontact/add_contact_way')).toBe(other);
    const elsewhere = new WecomApiError(40003, 'invalid userid', 'user/get', false);
    expect(await caught(withRefusedFields(failing(elsewhere), fields), 'user/get')).toBe(elsewhere);
    const boom = new Error('network');
    expect(await caught(withRefusedFields(failing(boom), fields), 'externalcontact/add_contact_way')).toBe(boom);
  });

  it('passes answers through', async () => {
    const api: WecomTenantClient = { call: async () => ({ config_id: 'c1' }) as never };
    await expect(withRefusedFields(api, fields).call('externalcontact/add_contact_way', { type: 2, scene: 2, user: ['x'] })).resolves.toEqual({
      config_id: 'c1',
    });
  });
});
