// How WeCom refusals read to a person: by the errcode's kind, with WeCom's errcode and errmsg.
import { DependencyError, ValidationError } from '../errors';
import { toHttpError } from '../http/error-handler';
import { refusalForPerson } from './refusal';
import { WecomApiError } from './wecom-error';

const refusal = (errcode: number, api = 'externalcontact/add_contact_way') => new WecomApiError(errcode, `errmsg of ${errcode}, hint: [x]`, api, false);
const http = (e: unknown) => {
  const r = toHttpError(refusalForPerson(e), 'en');
  return { status: r.statusCode, body: JSON.parse(String(r.body)) as { error: { code: string; message: string; details?: unknown } } };
};

describe('refusalForPerson', () => {
  it("turns a refusal of the request's content into 400 wecom_rejected with errcode, errmsg, api and field", () => {
    const r = http(refusal(40003).about('staff'));
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'wecom_rejected',
      message: expect.stringMatching(/^企业微信拒绝了此请求：无效的成员 UserID/),
      details: { errcode: 40003, errmsg: 'errmsg of 40003, hint: [x]', api: 'externalcontact/add_contact_way', field: 'staff' },
    });
    expect(http(refusal(40068)).body.error.details).toEqual({ errcode: 40068, errmsg: 'errmsg of 40068, hint: [x]', api: 'externalcontact/add_contact_way' });
  });

  it("turns refused credentials into 422 wecom_credentials_rejected that says to fix the tenant's secret", () => {
    const r = http(refusal(40001, 'gettoken'));
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('wecom_credentials_rejected');
    expect(r.body.error.message).toContain('PUT /admin/v1/tenants/{corpId}');
    expect(r.body.error.details).toMatchObject({ errcode: 40001, api: 'gettoken' });
  });

  it('turns a missing app permission into 422 wecom_permission_denied', () => {
    expect(http(refusal(48002))).toMatchObject({ status: 422, body: { error: { code: 'wecom_permission_denied', details: { errcode: 48002 } } } });
  });

  it('keeps outages and unknown codes 5xx, and leaves other errors alone', () => {
    expect(refusalForPerson(new WecomApiError(40014, 'invalid access_token', 'user/get', true))).toBeInstanceOf(DependencyError);
    expect(http(refusal(-1)).status).toBe(503);
    expect(http(refusal(123456))).toEqual({ status: 502, body: { error: { code: 'internal', message: 'internal error' } } });
    const v = new ValidationError('bad');
    expect(refusalForPerson(v)).toBe(v);
    const boom = new Error('boom');
    expect(refusalForPerson(boom)).toBe(boom);
  });
});
