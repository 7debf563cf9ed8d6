// The signed-in browser user, for server components, server actions and route handlers.
// A browser session is live only while its core session row is (lib/auth/next-auth.ts): revoked
// from /account, the admin dashboard or by a password change, it reads as signed out here at once
// (SESSION_CACHE_MS across instances).
import { cache } from 'react'
import { redirect } from 'next/navigation'
import { getServerSession } from 'next-auth'
import { config } from '../config'
import { endIfIdle, getLiveSession, touchSession, type Session } from '../core/sessions'
import { findUserById, type User } from '../core/users'
import { isActive } from '../core/rules'
import { authOptions } from './next-auth'
import { currentRequestMeta } from './request'
import { safeNext } from './safe-next'

export type CurrentUser = {
  user: User
  sessionId: string
  session: Session
  /** When the session was used before this request: the admin pages' shorter idle limit reads it. */
  lastActiveAt: Date
}

/** The signed-in user and their core session id, or null (not signed in, session ended, user disabled). */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  // No try/catch here: reading the cookie is what makes Next render these pages per request, and
  // catching its dynamic-rendering signal would freeze them as static pages at build time.
  const sid = (await getServerSession(authOptions()))?.sid
  if (!sid) return null
  const session = await getLiveSession(sid)
  if (!session || session.client !== 'browser') return null
  // Idle past SESSION_IDLE_MINUTES: the session ends here (reason 'idle'), and next-auth drops the
  // cookie on its next read (jwt callback). Checked before this request marks the session used.
  if (await endIfIdle(session, config().SESSION_IDLE_MINUTES)) return null
  const user = await findUserById(session.userId)
  if (!user || !isActive(user)) return null
  const lastActiveAt = session.lastUsedAt
  await touchSession(session, (await currentRequestMeta()).ip)
  return { user, sessionId: session.id, session, lastActiveAt }
})

/** The signed-in user, or a redirect to /sign-in (back to `returnTo` afterwards, a local path). */
export async function requireUser(returnTo?: string, opts: { allowMustChange?: boolean } = {}): Promise<CurrentUser> {
  const current = await currentUser()
  if (!current) {
    const next = safeNext(returnTo, '')
    redirect(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in')
  }
  // A temporary password set by an admin (#25): nothing but the account page, where it is changed.
  if (current.user.passwordMustChange && !opts.allowMustChange) redirect(MUST_CHANGE_PATH)
  return current
}

/** Where a user whose password must be changed is sent after signing in (the account page's password form). */
export const MUST_CHANGE_PATH = '/account#password'
