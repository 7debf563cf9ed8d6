// Re-authentication before a sensitive change (#21 item 10): changing a password, phone or email on
// /account, and an admin's destructive actions. A sign-in (or re-entered proof) younger than
// REAUTH_MAX_AGE_MINUTES is enough (isRecentAuth, lib/core/rules.ts); otherwise the person enters
// their password, or a fresh code sent to their own phone or email if the account has none
// (lib/core/users.ts reauthenticate). Someone who finds a signed-in browser cannot take the account.
import { config } from '../config'
import { isAuthError } from '../core/errors'
import { maskRecipient } from '../core/messages'
import { isRecentAuth } from '../core/rules'
import { reauthCodeTarget, reauthenticate } from '../core/users'
import { hasTotp, reauthenticateWithFactor } from '../core/factors'
import type { CurrentUser } from './current'
import { currentRequestMeta } from './request'

/** 'factor': a code from the authenticator app (#26 step-up: an account with TOTP answers with it, not the password). */
export type ReauthMethod = 'password' | 'code' | 'factor'

/** Thrown when the sign-in is too old and no (right) proof came with the request: the form asks for one. */
export class ReauthRequired extends Error {
  constructor(
    readonly method: ReauthMethod,
    /** The masked phone or email a code goes to (method 'code'). */
    readonly to: string | undefined,
    /** A proof was given and it was wrong. */
    readonly failed: boolean,
  ) {
    super('reauth_required')
    this.name = 'ReauthRequired'
  }
}

/** How this user proves it is them again: the second factor if they have TOTP, else the password, else a code. */
export async function reauthMethodOf(current: CurrentUser): Promise<ReauthMethod> {
  if (await hasTotp(current.user.id)) return 'factor'
  return current.user.passwordHash ? 'password' : 'code'
}

/** The masked phone or email a re-authentication code goes to, or undefined. */
function reauthCodeRecipient(current: CurrentUser): string | undefined {
  const to = reauthCodeTarget(current.user)
  return to ? maskRecipient(to.target) : undefined
}

/**
 * Returns when the session's sign-in is recent (unless `always`), or when `proof` (the password, or a code for an
 * account without one) is right: then the session counts as freshly signed in. Otherwise throws
 * ReauthRequired. Wrong tries count against the account's sign-in limit (rate_limited passes through).
 */
export async function requireRecentAuth(current: CurrentUser, proof: { password?: string; code?: string }, opts: { always?: boolean } = {}): Promise<void> {
  // `always`: an act that cannot be undone (deleting the account) asks for the proof whatever the sign-in's age.
  if (!opts.always && isRecentAuth(current.session.authAt, config().REAUTH_MAX_AGE_MINUTES)) return
  const method = await reauthMethodOf(current)
  const given = method === 'password' ? proof.password : proof.code
  const to = method === 'code' ? reauthCodeRecipient(current) : undefined
  if (!given) throw new ReauthRequired(method, to, false)
  const { ip } = await currentRequestMeta()
  try {
    if (method === 'factor') return await reauthenticateWithFactor(current.user.id, current.sessionId, { totp: given }, { ip, client: 'browser' })
    await reauthenticate(current.user, current.sessionId, method === 'password' ? { password: given } : { code: given }, { ip, client: 'browser' })
  } catch (e) {
    if (isAuthError(e, 'wrong_password') || isAuthError(e, 'code_invalid')) throw new ReauthRequired(method, to, true)
    throw e
  }
}
