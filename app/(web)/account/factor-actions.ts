'use server'
// The account page's second factors (#26): enrol TOTP (QR code made here, on the server), confirm
// it (recovery codes shown once), add and remove passkeys. Removing a factor takes a fresh proof.
import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import QRCode from 'qrcode'
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server'
import { AuthError } from '@/lib/core/errors'
import { currentUser } from '@/lib/auth/current'
import { runAction, type ActionResult } from '@/lib/auth/action'
import { currentRequestMeta } from '@/lib/auth/request'
import { reauthenticate } from '@/lib/core/users'
import { reauthenticateWithFactor, removeFactor } from '@/lib/core/factors'
import { beginTotpEnrolment, confirmTotpEnrolment } from '@/lib/core/factors/totp'
import { beginPasskeyRegistration, finishPasskeyRegistration } from '@/lib/core/factors/passkeys'
import { TOTP_CODE_PATTERN } from '@/lib/core/rules'
import { confirmTotpSchema, finishPasskeySchema, removeFactorSchema } from './schema'

async function signedIn() {
  const current = await currentUser()
  if (!current) throw new AuthError('token_revoked')
  return current
}

export async function beginTotpAction(): Promise<ActionResult<{ factorId: string; secret: string; uri: string; qr: string }>> {
  return runAction(z.object({}), {}, {}, async () => {
    const { user } = await signedIn()
    const e = await beginTotpEnrolment(user)
    // Rendered here, not by an outside service: the secret never leaves this server but to the page.
    const svg = await QRCode.toString(e.uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
    return { ...e, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` }
  })
}

export async function confirmTotpAction(input: unknown): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  return runAction(confirmTotpSchema, input, { code_invalid: 'code' }, async (v) => {
    const { user } = await signedIn()
    const { ip } = await currentRequestMeta()
    const recoveryCodes = await confirmTotpEnrolment(user.id, v.factorId, v.code, { ip, client: 'browser' })
    // No revalidatePath here: a re-render would replace the enrolment (and the codes it shows once)
    // with the factor list. The page refreshes when the person says they saved the codes.
    return { recoveryCodes }
  })
}

export async function removeFactorAction(input: unknown): Promise<ActionResult> {
  return runAction(removeFactorSchema, input, { code_invalid: 'proof', wrong_password: 'proof', invalid_input: 'proof' }, async (v) => {
    const current = await signedIn()
    const { ip } = await currentRequestMeta()
    const ctx = { ip, client: 'browser' }
    // A fresh proof each time, whatever the sign-in's age: a code from the app, a recovery code, or the password.
    if (v.code) {
      await reauthenticateWithFactor(current.user.id, current.sessionId, TOTP_CODE_PATTERN.test(v.code) ? { totp: v.code } : { recovery: v.code }, ctx)
    } else {
      await reauthenticate(current.user, current.sessionId, { password: v.password }, ctx)
    }
    await removeFactor(current.user.id, v.factorId, ctx)
    revalidatePath('/account')
    return {}
  })
}

export async function beginPasskeyAction(): Promise<ActionResult<{ options: PublicKeyCredentialCreationOptionsJSON; ticket: string }>> {
  return runAction(z.object({}), {}, {}, async () => {
    const { user } = await signedIn()
    return beginPasskeyRegistration(user)
  })
}

export async function finishPasskeyAction(input: unknown): Promise<ActionResult> {
  return runAction(finishPasskeySchema, input, { invalid_input: 'passkey' }, async (v) => {
    const { user } = await signedIn()
    const { ip } = await currentRequestMeta()
    await finishPasskeyRegistration(user.id, { ticket: v.ticket, name: v.name, response: v.response as never }, { ip, client: 'browser' })
    revalidatePath('/account')
    return {}
  })
}
