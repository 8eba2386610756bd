// How a WeCom refusal reads to a person (the admin API), decided by the errcode's kind (errcodes.ts):
//   request      → 400 wecom_rejected: WeCom refused what the request carried ({errcode, errmsg, api, field?}).
//   credentials  → 422 wecom_credentials_rejected: the tenant's stored corp id/secret is wrong; fix the tenant.
//   permission   → 422 wecom_permission_denied: the tenant's WeCom app lacks a permission or trusted IP.
//   transient    → 503: WeCom is busy or throttling; retry later.
//   outcome, unknown → unchanged (502): we cannot tell that it is anyone else's fault.
// The SQS consumers never use this: they keep WecomApiError and its `retryable`.
import { AppError, DependencyError } from '../errors';
import { policyFor } from './errcodes';
import { WecomApiError } from './wecom-error';

const detailsOf = (e: WecomApiError) => ({ errcode: e.errcode, errmsg: e.errmsg, api: e.api, ...(e.field ? { field: e.field } : {}) });

export class WecomRejectedError extends AppError {
  constructor(e: WecomApiError) {
    const p = policyFor(e.errcode);
    super('wecom_rejected', `企业微信拒绝了此请求：${p.zh ?? p.meaning}（WeCom ${e.api} refused it: ${e.errcode} ${p.meaning}）`, 400, false, true, {
      details: detailsOf(e),
      cause: e,
    });
  }
}

export class WecomCredentialsError extends AppError {
  constructor(e: WecomApiError) {
    const p = policyFor(e.errcode);
    super(
      'wecom_credentials_rejected',
      `企业微信拒绝了该租户的凭据：${p.zh ?? p.meaning}。请用 PUT /admin/v1/tenants/{corpId} 更新正确的 secret（WeCom rejected the tenant's credentials: fix the tenant's secret）`,
      422,
      false,
      true,
      { details: detailsOf(e), cause: e },
    );
  }
}

export class WecomPermissionError extends AppError {
  constructor(e: WecomApiError) {
    const p = policyFor(e.errcode);
    super(
      'wecom_permission_denied',
      `企业微信拒绝了该应用的调用：${p.zh ?? p.meaning}（WeCom refused the tenant's app: ${e.errcode} ${p.meaning}）`,
      422,
      false,
      true,
      {
        details: detailsOf(e),
        cause: e,
      },
    );
  }
}

/** The error a person should see for `e`: WeCom refusals by kind; anything else unchanged. */
export function refusalForPerson(e: unknown): unknown {
  if (!(e instanceof WecomApiError)) return e;
  switch (policyFor(e.errcode).kind) {
    case 'request':
      return new WecomRejectedError(e);
    case 'credentials':
      return new WecomCredentialsError(e);
    case 'permission':
      return new WecomPermissionError(e);
    case 'transient':
      return new DependencyError(`WeCom ${e.api} still answers ${e.errcode}`, { details: { api: e.api, errcode: e.errcode }, cause: e });
    default:
      return e;
  }
}
