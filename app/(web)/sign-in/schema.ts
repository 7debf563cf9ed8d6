// Sign-in forms; next-auth's authorize() parses the same schemas (lib/auth/next-auth.ts).
import { z } from 'zod'
import { PASSWORD_MAX, RECOVERY_CODE_PATTERN, TOTP_CODE_PATTERN } from '@/lib/core/rules'
import { captcha, code, phone, webauthnJson } from '@/lib/auth/fields'

export const passwordSignInSchema = z.object({
  login: z.string().trim().min(1, 'validation.login_required').max(254, 'validation.too_long'),
  password: z.string().min(1, 'validation.password_required').max(PASSWORD_MAX, 'validation.too_long'),
})

export const sendSignInCodeSchema = z.object({ phone, altcha: captcha })

export const codeSignInSchema = z.object({ phone, code })

export type PasswordSignIn = z.input<typeof passwordSignInSchema>
export type CodeSignIn = z.input<typeof codeSignInSchema>

// --- The second step (#26): a TOTP code, a recovery code or a passkey, after the first step's ticket ---

const ticket = z.string().min(1).max(400)

const totpCode = z.string().trim().regex(TOTP_CODE_PATTERN, 'validation.totp_format')
const recoveryCode = z.string().trim().toUpperCase().regex(RECOVERY_CODE_PATTERN, 'validation.recovery_format')

export const secondFactorSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('totp'), ticket, code: totpCode }),
  z.object({ method: z.literal('recovery'), ticket, code: recoveryCode }),
  z.object({ method: z.literal('passkey'), ticket, passkeyTicket: ticket, response: webauthnJson }),
])

export const passkeySignInSchema = z.object({ passkeyTicket: ticket, response: webauthnJson })

export const secondFactorMethodsSchema = z.object({ ticket })

export const passkeyOptionsSchema = z.object({ ticket: ticket.optional() })
