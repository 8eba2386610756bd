// Who calls the sidebar API: a WeCom member of a corp, by the staff session of the login (cookie
// `siyu_session`, opened by /auth/wecom/start?mode=oauth inside WeCom; writes carry X-CSRF-Token) or, for
// machines and tests, an admin-API key of role staff or higher that names a member (Authorization: Bearer).
// The member's userid is required: the sidebar shows only what that member follows or is in, so a sign-in
// without one (the dev super-admin login, a key without userId) reads nothing.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Role } from '../../shared/auth/api-key';
import type { AuthenticateDeps } from '../../shared/auth/authenticate';
import { requestCredentials } from '../../shared/auth/request-credentials';
import { authenticateRequest, type SessionAuthDeps } from '../../shared/auth/session-auth';
import { ForbiddenError } from '../../shared/errors';
import { msg } from '../../shared/i18n/messages';

export type MemberDeps = AuthenticateDeps & SessionAuthDeps;

/** A member of a corp, checked: whose customers and groups the sidebar shows, and who the operation log names. */
export interface StaffMember {
  corpId: string;
  userId: string;
  role: Role;
  /** The key id, or `session:<short id>` of a login session. */
  keyId: string;
}

const MEMBER_ROLES: readonly Role[] = ['admin', 'manager', 'staff'];

/** The member behind a request: 401 without (valid) credentials, 403 for a missing CSRF token, an auditor or a sign-in naming no member. */
export async function sidebarMember(deps: MemberDeps, event: APIGatewayProxyEventV2): Promise<StaffMember> {
  const principal = await authenticateRequest(deps, requestCredentials(event));
  if (!principal.corpId || !MEMBER_ROLES.includes(principal.role)) {
    throw new ForbiddenError(msg(principal.role === 'superadmin' ? 'sidebar_needs_member' : 'sidebar_member_only'));
  }
  if (!principal.userId) throw new ForbiddenError(msg('sidebar_needs_member'));
  return { corpId: principal.corpId, userId: principal.userId, role: principal.role, keyId: principal.keyId };
}
