// The operation log (操作日志) as the admin API answers it in JSON, field by field (the OpenAPI document is
// generated from it): a page of entries, and the verdict of the chain walk.
import * as z from 'zod';
import { ROLES } from '../../shared/auth/api-key';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const operationEntryView = z.object({
  seq: z.number().int().min(1).describe('租户内序号，从 1 起无间隔 / 1, 2, 3 … per tenant, without gaps'),
  at: z.iso.datetime().describe('记录时间（毫秒精度）/ when it was recorded, ms precision'),
  actor: z.object({
    keyId: z.string().describe('API 密钥 id 或会话 id / the API key or session'),
    role: z.enum(ROLES),
    userId: z.string().nullable().describe('背后的企业微信成员 / the WeCom member behind the key or session'),
  }),
  route: z.string().describe('方法与路径模板，如 PATCH /admin/v1/tenants/{corpId}/channels/{id} / method and path pattern'),
  target: z.record(z.string(), z.string()).describe('路径参数（不含 corpId）及新建资源的 id / path parameters and the created id'),
  status: z.number().int().describe('该写操作的 HTTP 状态码 / the HTTP status the write answered'),
  source: z.enum(['resource', 'request']).describe('resource：资源前后对比；request：请求体 / resource diff, or the request body as new values'),
  diff: z
    .record(z.string(), z.object({ from: z.unknown(), to: z.unknown() }))
    .describe('按字段的变更，值为资源原样（密钥显示为 ***）/ changes per field; values are the resource’s own (secrets ***)'),
  prevHash: sha256Hex.describe('上一条的哈希（第一条为 64 个 0）/ hash of the entry before (genesis: 64 zeros)'),
  hash: sha256Hex.describe('本条的 sha256 / this entry’s sha256'),
});
export type OperationEntryView = z.output<typeof operationEntryView>;
export const operationLogPage = z.object({ items: z.array(operationEntryView), cursor: z.string().nullable() });

export const chainVerdict = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), entries: z.number().int().min(0).describe('校验的条数 / entries checked') }),
  z.object({
    ok: z.literal(false),
    brokenAt: z.number().int().min(1).describe('链首次断开处的序号 / the seq where the chain first breaks'),
    reason: z.string(),
  }),
]);
