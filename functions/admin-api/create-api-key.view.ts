// A tenant API key as the admin API answers it, field by field (the OpenAPI document is generated from it):
// never its secret or hash, except the key itself once, in the answer that creates it.
import * as z from 'zod';

const isoTime = z.iso.datetime();

export const apiKeyView = z.object({
  id: z.string().describe('密钥 id（12 位十六进制）/ the key id, 12 hex digits'),
  role: z.enum(['admin', 'manager', 'staff', 'auditor']),
  userId: z.string().optional().describe('员工密钥的成员 / the member of a staff key'),
  department: z.string().optional().describe('主管密钥的部门 id / the department of a manager key'),
  name: z.string().nullable().describe('用途说明 / what the key is for'),
  createdAt: isoTime,
  expiresAt: isoTime.nullable().describe('过期时间；null 为不过期 / after this it is refused; null: never'),
  revokedAt: isoTime.nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});
export type ApiKeyView = z.output<typeof apiKeyView>;
export const createdApiKey = apiKeyView.extend({
  key: z.string().describe('完整密钥，仅此一次返回，请妥善保存 / the key itself, shown only this once'),
});
export const apiKeysList = z.object({ items: z.array(apiKeyView) });
