// Which request field a refused WeCom call is about, said once per use case instead of a try/catch per
// call: e.g. a channel's add_contact_way refused with 40003 (invalid userid) is about `staff`. The refusal
// stays a WecomApiError (existing `instanceof`/errcode checks keep working), now carrying the field.
import type { ApiName } from './endpoints';
import type { WecomTenantClient } from './client';
import { WecomApiError } from './wecom-error';

/** Per API, per errcode: the request field (a path, e.g. `staff` or `chatIds`) the refusal is about. */
export type RefusedFields = { readonly [N in ApiName]?: Readonly<Record<number, string>> };

export function withRefusedFields(api: WecomTenantClient, fields: RefusedFields): WecomTenantClient {
  return {
    async call(name, body) {
      try {
        return await api.call(name, body);
      } catch (e) {
        const field = e instanceof WecomApiError && !e.field ? fields[name]?.[e.errcode] : undefined;
        throw field === undefined ? e : (e as WecomApiError).about(field);
      }
    },
  };
}
