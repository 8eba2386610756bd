// PUT …/tenants/{corpId} asks WeCom once (gettoken) whether a given secret works before storing it.
// WeCom refusing the credentials → 400 wecom_rejected naming the field (`secret`; `corpId` for 40013,
// an unknown corp) and nothing stored. WeCom unreachable or busy → 503 (DependencyError), nothing stored:
// an unverified secret is never saved, the operator retries.
import { policyFor } from '../wecom/errcodes';
import type { WecomClient } from '../wecom/client';
import { WecomRejectedError } from '../wecom/refusal';
import { WecomApiError } from '../wecom/wecom-error';

/** WeCom's "invalid corpid". */
const UNKNOWN_CORP = 40013;

export async function checkTenantSecret(deps: { wecom: WecomClient }, corpId: string, secret: string): Promise<void> {
  try {
    await deps.wecom.checkCredentials({ corpId, secret });
  } catch (e) {
    if (e instanceof WecomApiError && policyFor(e.errcode).kind === 'credentials') {
      throw new WecomRejectedError(e.about(e.errcode === UNKNOWN_CORP ? 'corpId' : 'secret'));
    }
    throw e;
  }
}
