// A tenant's operator sessions as the admin API answers them (GET/DELETE …/sessions): the public short id,
// the member, their role now, times and where the session came from. The presenter: sessions.ts.
import * as z from 'zod';
import { ROLES } from '../../shared/auth/api-key';

const isoTime = z.iso.datetime();

export const sessionView = z.object({
  id: z.string().describe('会话的公开短 id（吊销时使用）/ the session’s public short id (to revoke it)'),
  userId: z.string().describe('成员 userId / the member’s userid'),
  name: z.string().nullable().describe('成员姓名；不在通讯录时为 null / the member’s name; null when not in the directory'),
  role: z.enum(ROLES).nullable().describe('成员当前角色；已无权限时为 null / the member’s role now; null when they no longer have one'),
  createdAt: isoTime,
  lastSeenAt: isoTime,
  expiresAt: isoTime.describe('绝对过期时间（登录后 8 小时）/ absolute end (8 h after login)'),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
});
export type SessionView = z.output<typeof sessionView>;

export const sessionListView = z.object({ items: z.array(sessionView) });
export const sessionRevokedView = z.object({ id: z.string(), revoked: z.literal(true) });
