'use server'
// Account actions. Each one asks for the signed-in user first; a session is signed out only if it
// belongs to that user (checked here, on the server, whatever the form sent).
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { revalidatePath } from 'next/cache'
import { providerFor, sendCode } from '@/lib/providers'
import { revokeOwnSession, revokeUserSessions } from '@/lib/core/sessions'
import { deleteOwnAccount } from '@/lib/core/account-deletion'
import { assertAvailable, bindContact, changePassword, reauthCodeTarget, removeContact, renameUser } from '@/lib/core/users'
import { getTranslations } from 'next-intl/server'
import { AuthError } from '@/lib/core/errors'
import { currentUser } from '@/lib/auth/current'
import { runAction, type ActionResult } from '@/lib/auth/action'
import { reauthMethodOf, requireRecentAuth } from '@/lib/auth/reauth'
import { currentRequestMeta } from '@/lib/auth/request'
import { requireCaptcha } from '@/lib/auth/captcha'
import { CODE_RESEND_AFTER_SECONDS } from '@/lib/core/rules'
import { bindSchema, changePasswordSchema, deleteAccountSchema, removeContactSchema, renameSchema, revokeSchema, sendBindCodeSchema } from './schema'

const given = (s: string | undefined) => (s ? s : undefined)

async function signedIn() {
  const current = await currentUser()
  if (!current) throw new AuthError('token_revoked')
  return current
}

export async function changePasswordAction(input: unknown): Promise<ActionResult> {
  return runAction(changePasswordSchema, input, { wrong_password: 'current', password_too_short: 'password', password_too_common: 'password' }, async (v) => {
    const current = await signedIn()
    const { user, sessionId } = current
    // With a password, this form always asks for the current one: that is the proof. Without one
    // (a code-only account), an old sign-in needs a fresh code first (#21 item 10).
    // With a second factor (#26), an old sign-in confirms with a fresh code from the app even then.
    if (!user.passwordHash || (await reauthMethodOf(current)) === 'factor') await requireRecentAuth(current, { code: given(v.reauthCode) })
    const { ip } = await currentRequestMeta()
    // This browser stays signed in; every other session (any dialect) ends. The phone and email hear of it.
    await changePassword(user.id, user.passwordHash ? v.current : null, v.password, {
      ip,
      client: 'browser',
      keepSessionId: sessionId,
      providers: providerFor,
    })
    revalidatePath('/account')
    return {}
  })
}

export async function sendBindCodeAction(input: unknown): Promise<ActionResult<{ resendAfter: number }>> {
  return runAction(
    sendBindCodeSchema,
    input,
    { phone_taken: 'target', email_taken: 'target', code_still_live: 'target', code_daily_limit: 'target', provider_failed: 'target' },
    async (v) => {
      const { user } = await signedIn()
      // Proving one's own unproved contact is a bind too; another user's unproved one is not in the way.
      await assertAvailable(v.channel === 'sms' ? { phone: v.target } : { email: v.target }, { claim: v.channel === 'sms' ? 'phone' : 'email', self: user.id })
      const { ip } = await currentRequestMeta()
      await requireCaptcha({ target: v.target, ip, payload: v.altcha })
      await sendCode({ channel: v.channel, target: v.target, purpose: 'bind', ip, client: 'browser', resendAfterSeconds: CODE_RESEND_AFTER_SECONDS })
      return { resendAfter: CODE_RESEND_AFTER_SECONDS }
    },
  )
}

export async function bindAction(input: unknown): Promise<ActionResult> {
  return runAction(bindSchema, input, { code_invalid: 'code', phone_taken: 'target', email_taken: 'target' }, async (v) => {
    const current = await signedIn()
    // An old sign-in confirms with the password (or a fresh code) before the contact changes (#21 item 10).
    await requireRecentAuth(current, { password: given(v.reauthPassword), code: given(v.reauthCode) })
    const { ip } = await currentRequestMeta()
    // The old phone or email is told of the change (bindContact).
    await bindContact(current.user.id, { channel: v.channel, target: v.target, code: v.code }, { ip, client: 'browser', providers: providerFor })
    revalidatePath('/account')
    return {}
  })
}

/** Changes the display name (the core's name rules and uniqueness, lib/core/users.ts renameUser). */
export async function renameAction(input: unknown): Promise<ActionResult> {
  return runAction(renameSchema, input, { name_taken: 'name', invalid_input: 'name' }, async (v) => {
    const { user } = await signedIn()
    const { ip } = await currentRequestMeta()
    await renameUser(user.id, v.name, { ip, client: 'browser' })
    revalidatePath('/account')
    return {}
  })
}

/**
 * Removes the phone or the email, after re-authentication when the sign-in is old (as a bind).
 * The core refuses the last way to sign in (`forbidden`, the only refusal of that kind here): the
 * person is told what to do instead.
 */
export async function removeContactAction(input: unknown): Promise<ActionResult> {
  const res = await runAction(removeContactSchema, input, {}, async (v) => {
    const current = await signedIn()
    await requireRecentAuth(current, { password: given(v.reauthPassword), code: given(v.reauthCode) })
    const { ip } = await currentRequestMeta()
    await removeContact(current.user.id, v.field, { ip, client: 'browser', providers: providerFor })
    revalidatePath('/account')
    return {}
  })
  if (!res.ok && res.kind === 'forbidden') return { ...res, message: (await getTranslations('account.contact'))('lastSignInMethod') }
  return res
}

/** Sends a `login` code to the user's own phone (or email) to re-authenticate an account without a password. */
export async function sendReauthCodeAction(): Promise<ActionResult<{ resendAfter: number }>> {
  return runAction(
    z.object({}),
    {},
    { code_still_live: 'reauth', code_daily_limit: 'reauth', provider_failed: 'reauth', not_configured: 'reauth' },
    async () => {
      const { user } = await signedIn()
      const to = reauthCodeTarget(user)
      if (!to) throw new AuthError('not_configured', { what: 'reauth_target' })
      const { ip } = await currentRequestMeta()
      await sendCode({ ...to, purpose: 'login', ip, client: 'browser', resendAfterSeconds: CODE_RESEND_AFTER_SECONDS })
      return { resendAfter: CODE_RESEND_AFTER_SECONDS }
    },
  )
}

/**
 * Signs out one of the user's sessions (lib/core/sessions.ts revokeOwnSession: only their own).
 * `self`: it was this browser's, which is now signed out; `ended`: false if it had already ended.
 */
export async function endSessionAction(input: unknown): Promise<ActionResult<{ ended: boolean; self: boolean }>> {
  return runAction(revokeSchema, input, {}, async (v) => {
    const current = await signedIn()
    const { ip } = await currentRequestMeta()
    const ended = await revokeOwnSession(current.user.id, v.sessionId, { ip })
    revalidatePath('/account')
    return { ended: ended !== null, self: ended?.id === current.sessionId }
  })
}

/** Ends every session of this user, in every dialect and browser, this one included. */
export async function revokeAllAction(): Promise<void> {
  const current = await currentUser()
  if (!current) redirect('/sign-in')
  const { ip } = await currentRequestMeta()
  await revokeUserSessions(current.user.id, 'user', { actorId: current.user.id, ip })
  redirect('/sign-in')
}

/**
 * Deletes the account (注销账号, decision 0015): the typed confirmation, then a fresh proof —
 * password, code or authenticator — whatever the sign-in's age. Every session ends, this one too;
 * the page then signs the browser out and shows /account/deleted.
 */
export async function deleteAccountAction(input: unknown): Promise<ActionResult> {
  return runAction(deleteAccountSchema, input, {}, async (v) => {
    const current = await signedIn()
    await requireRecentAuth(current, { password: given(v.reauthPassword), code: given(v.reauthCode) }, { always: true })
    const { ip } = await currentRequestMeta()
    await deleteOwnAccount(current.user.id, { ip, client: 'browser', sessionId: current.sessionId })
    return {}
  })
}
