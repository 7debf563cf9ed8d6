// The one gate of the dashboard (SPEC §6: role ADMIN only). Every admin page and every admin server
// action calls it on the server; hiding links is not the check. Not signed in: to /sign-in and back.
// Signed in without ADMIN (or disabled, or the session ended): 403 (app/admin/forbidden.tsx).
import { forbidden, redirect } from 'next/navigation'
import { config } from '../config'
import { currentUser, MUST_CHANGE_PATH, type CurrentUser } from '../auth/current'
import { requireRecentAuth } from '../auth/reauth'
import { isIdle } from '../core/rules'
import { revokeSession } from '../core/sessions'
import { currentRequestMeta } from '../auth/request'
import { hasRole, ROLE_ADMIN } from '../core/roles'
import { hasSecondFactor, mfaPolicy, policyRequires } from '../core/factors'
import type { User } from '../core/users'
import type { Actor } from './users'

export type AdminContext = { user: User; sessionId: string; actor: Actor; current: CurrentUser }

export async function requireAdmin(returnTo = '/admin'): Promise<AdminContext> {
  const current = await currentUser()
  const signIn = `/sign-in?next=${encodeURIComponent(returnTo.startsWith('/admin') ? returnTo : '/admin')}`
  if (!current) redirect(signIn)
  // A temporary password is changed before anything else (#25).
  if (current.user.passwordMustChange) redirect(MUST_CHANGE_PATH)
  // Read from the database on every request: a role removed a moment ago takes effect at once.
  if (!(await hasRole(current.user.id, ROLE_ADMIN))) forbidden()
  // A second factor required of admins (#26, MFA_REQUIRED or the switch on /admin/security): an admin
  // without one reaches no admin page, only their account page to enrol one.
  if (policyRequires(await mfaPolicy(), true) && !(await hasSecondFactor(current.user.id))) redirect('/account?second-factor=required#factors')
  const { ip } = await currentRequestMeta()
  // An admin's session idle past ADMIN_SESSION_IDLE_MINUTES ends (#21 item 10): the dashboard is
  // not left open on an unattended screen. Their next step is to sign in again.
  if (isIdle(current.lastActiveAt, config().ADMIN_SESSION_IDLE_MINUTES)) {
    await revokeSession(current.sessionId, 'idle', { actorId: current.user.id, ip })
    redirect(signIn)
  }
  return { user: current.user, sessionId: current.sessionId, actor: { actorId: current.user.id, ip }, current }
}

/**
 * Before a destructive action: the admin's sign-in is recent, or they confirm with their password —
 * or, with a second factor (#26 step-up), a code from their authenticator app in the same field
 * (ReauthRequired otherwise).
 */
export async function requireRecentAdminAuth(ctx: AdminContext, password: string | undefined): Promise<void> {
  await requireRecentAuth(ctx.current, { password, code: password })
}

/**
 * requireAdmin for a route handler (a CSV download): the same checks, answered as a Response
 * (a redirect to sign in, or 403) instead of thrown.
 */
export async function adminForRoute(returnTo: string): Promise<{ actor: Actor } | Response> {
  const current = await currentUser()
  if (!current) return new Response(null, { status: 303, headers: { location: `/sign-in?next=${encodeURIComponent(returnTo)}` } })
  if (!(await hasRole(current.user.id, ROLE_ADMIN))) return new Response('Forbidden: the dashboard is for admins.', { status: 403 })
  if (current.user.passwordMustChange) return new Response(null, { status: 303, headers: { location: MUST_CHANGE_PATH } })
  if (isIdle(current.lastActiveAt, config().ADMIN_SESSION_IDLE_MINUTES)) return new Response(null, { status: 303, headers: { location: '/sign-in' } })
  return { actor: { actorId: current.user.id, ip: (await currentRequestMeta()).ip } }
}
