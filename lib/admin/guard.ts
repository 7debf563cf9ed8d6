// The one gate of the dashboard (SPEC §6: role ADMIN only). Every admin page and every admin server
// action calls it on the server; hiding links is not the check. Not signed in: to /sign-in and back.
// Signed in without ADMIN (or disabled, or the session ended): 403 (app/admin/forbidden.tsx).
import { forbidden, redirect } from 'next/navigation'
import { currentUser } from '../auth/current'
import { currentRequestMeta } from '../auth/request'
import { hasRole, ROLE_ADMIN } from '../core/roles'
import type { User } from '../core/users'
import type { Actor } from './users'

export type AdminContext = { user: User; sessionId: string; actor: Actor }

export async function requireAdmin(returnTo = '/admin'): Promise<AdminContext> {
  const current = await currentUser()
  if (!current) redirect(`/sign-in?next=${encodeURIComponent(returnTo.startsWith('/admin') ? returnTo : '/admin')}`)
  // Read from the database on every request: a role removed a moment ago takes effect at once.
  if (!(await hasRole(current.user.id, ROLE_ADMIN))) forbidden()
  const { ip } = await currentRequestMeta()
  return { user: current.user, sessionId: current.sessionId, actor: { actorId: current.user.id, ip } }
}
