// Account forms: change password, bind a phone or email, sign a session out.
import { z } from 'zod'
import { CODE_LENGTH, FACTOR_NAME_MAX, PASSWORD_MAX, TOTP_CODE_PATTERN, TOTP_DIGITS } from '@/lib/core/rules'
import { captcha, channel, checkTarget, code, newPassword, normalizeTarget, webauthnJson } from '@/lib/auth/fields'

// Re-authentication (#21 item 10): asked for only when the sign-in is old (lib/auth/reauth.ts).
// Empty means "not given".
const reauth = {
  reauthPassword: z.string().max(PASSWORD_MAX, 'That is too long.').optional(),
  reauthCode: z.string().trim().max(CODE_LENGTH, 'That is too long.').optional(),
}

export const changePasswordSchema = z
  .object({
    current: z.string().max(PASSWORD_MAX, 'That is too long.'),
    password: newPassword,
    confirm: z.string(),
    ...reauth,
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords differ.' })

const target = z.object({ channel, target: z.string().max(254) })

export const sendBindCodeSchema = target
  .extend({ altcha: captcha })
  .superRefine(checkTarget)
  .transform((v) => ({ ...v, target: normalizeTarget(v.channel, v.target) }))

export const bindSchema = target
  .extend({ code, ...reauth })
  .superRefine(checkTarget)
  .transform((v) => ({ ...v, target: normalizeTarget(v.channel, v.target) }))

export const revokeSchema = z.object({ sessionId: z.string().min(1).max(64) })

export type ChangePassword = z.input<typeof changePasswordSchema>
export type Bind = z.input<typeof bindSchema>

// --- Second factors (#26) ---------------------------------------------------------------------------

const factorId = z.string().min(1).max(64)

export const confirmTotpSchema = z.object({ factorId, code: z.string().trim().regex(TOTP_CODE_PATTERN, `The code is ${TOTP_DIGITS} digits.`) })

/** Removing a factor takes a fresh proof: a code from the app (or a recovery code), or the password. */
export const removeFactorSchema = z
  .object({ factorId, code: z.string().trim().max(11).optional(), password: z.string().max(PASSWORD_MAX, 'That is too long.').optional() })
  .refine((v) => Boolean(v.code || v.password), { path: ['proof'], message: 'Enter a code from your authenticator app, a recovery code, or your password.' })

export const finishPasskeySchema = z.object({
  ticket: z.string().min(1).max(400),
  name: z.string().trim().min(1, 'Name the passkey, e.g. "Laptop".').max(FACTOR_NAME_MAX, 'That is too long.'),
  response: webauthnJson,
})
