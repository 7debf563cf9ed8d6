'use server'
// Sign-in by SMS: sending the code. Signing in itself goes through next-auth (lib/auth/next-auth.ts).
import { sendCode } from '@/lib/providers'
import { runAction, type ActionResult } from '@/lib/auth/action'
import { currentRequestMeta } from '@/lib/auth/request'
import { requireCaptcha } from '@/lib/auth/captcha'
import { CODE_RESEND_AFTER_SECONDS } from '@/lib/core/rules'
import { AuthError } from '@/lib/core/errors'
import { readSecondFactorTicket, secondFactorKinds } from '@/lib/core/factors'
import { beginPasskeyAuthentication } from '@/lib/core/factors/passkeys'
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server'
import { passkeyOptionsSchema, secondFactorMethodsSchema, sendSignInCodeSchema } from './schema'

/**
 * Sent to any valid number, registered or not: refusing unknown numbers here would tell anyone
 * which numbers have accounts. An unknown number's code then fails like a wrong code.
 */
export async function sendSignInCode(input: unknown): Promise<ActionResult<{ resendAfter: number }>> {
  return runAction(sendSignInCodeSchema, input, { code_still_live: 'phone', code_daily_limit: 'phone', provider_failed: 'phone' }, async (v) => {
    const { ip } = await currentRequestMeta()
    await requireCaptcha({ target: v.phone, ip, payload: v.altcha })
    await sendCode({ channel: 'sms', target: v.phone, purpose: 'login', ip, client: 'browser', resendAfterSeconds: CODE_RESEND_AFTER_SECONDS })
    return { resendAfter: CODE_RESEND_AFTER_SECONDS }
  })
}

/** The second step's choices for a first step's ticket (#26): which of TOTP, passkey, recovery code the account has. */
export async function secondFactorMethodsAction(input: unknown): Promise<ActionResult<{ totp: boolean; passkey: boolean; recovery: boolean }>> {
  return runAction(secondFactorMethodsSchema, input, {}, async (v) => {
    const userId = readSecondFactorTicket(v.ticket)
    if (userId === null) throw new AuthError('token_expired')
    return secondFactorKinds(userId)
  })
}

/** WebAuthn options for a passkey sign-in: the ticket's user's passkeys (second step), or any discoverable one (no ticket). */
export async function passkeyOptionsAction(input: unknown): Promise<ActionResult<{ options: PublicKeyCredentialRequestOptionsJSON; passkeyTicket: string }>> {
  return runAction(passkeyOptionsSchema, input, {}, async (v) => {
    const userId = v.ticket ? readSecondFactorTicket(v.ticket) : 0
    if (userId === null) throw new AuthError('token_expired')
    const { options, ticket } = await beginPasskeyAuthentication(userId)
    return { options, passkeyTicket: ticket }
  })
}
