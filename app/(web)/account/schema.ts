// Account forms: change password, bind a phone or email, sign a session out.
import { z } from 'zod'
import { CODE_LENGTH, FACTOR_NAME_MAX, PASSWORD_MAX, TOTP_CODE_PATTERN } from '@/lib/core/rules'
import zhAccount from '@/lib/i18n/messages/zh-CN/account.json'
import enAccount from '@/lib/i18n/messages/en/account.json'
import { captcha, channel, checkTarget, code, name, newPassword, normalizeTarget, webauthnJson } from '@/lib/auth/fields'

// Re-authentication (#21 item 10): asked for only when the sign-in is old (lib/auth/reauth.ts).
// Empty means "not given".
const reauth = {
  reauthPassword: z.string().max(PASSWORD_MAX, 'account.validation.tooLong').optional(),
  reauthCode: z.string().trim().max(CODE_LENGTH, 'account.validation.tooLong').optional(),
}

export const changePasswordSchema = z
  .object({
    current: z.string().max(PASSWORD_MAX, 'account.validation.tooLong'),
    password: newPassword,
    confirm: z.string(),
    ...reauth,
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'account.password.differ' })

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

/** The display name, under the rule every new name is made with (lib/auth/fields.ts `name`). */
export const renameSchema = z.object({ name })

/** Removing the phone or the email: a sensitive change, confirmed like a bind when the sign-in is old. */
export const removeContactSchema = z.object({ field: z.enum(['phone', 'email']), ...reauth })

/** The word typed to confirm deleting the account, in any language the page speaks (the page may switch between). */
const DELETE_WORDS = [zhAccount.delete.word, enAccount.delete.word].map((w) => w.toLowerCase())

/** Deleting the account (注销账号): the confirmation word, and the proof asked for whatever the sign-in's age. */
export const deleteAccountSchema = z
  .object({ confirm: z.string().max(40, 'account.validation.tooLong'), ...reauth })
  .refine((v) => DELETE_WORDS.includes(v.confirm.trim().toLowerCase()), { path: ['confirm'], message: 'account.delete.typeMismatch' })

export type DeleteAccount = z.input<typeof deleteAccountSchema>
export type ChangePassword = z.input<typeof changePasswordSchema>
export type Bind = z.input<typeof bindSchema>
export type Rename = z.input<typeof renameSchema>
export type RemoveContact = z.input<typeof removeContactSchema>

// --- Second factors (#26) ---------------------------------------------------------------------------

const factorId = z.string().min(1).max(64)

export const confirmTotpSchema = z.object({ factorId, code: z.string().trim().regex(TOTP_CODE_PATTERN, 'account.validation.totpFormat') })

/** Removing a factor takes a fresh proof: a code from the app (or a recovery code), or the password. */
export const removeFactorSchema = z
  .object({ factorId, code: z.string().trim().max(11).optional(), password: z.string().max(PASSWORD_MAX, 'account.validation.tooLong').optional() })
  .refine((v) => Boolean(v.code || v.password), { path: ['proof'], message: 'account.validation.proofRequired' })

export const finishPasskeySchema = z.object({
  ticket: z.string().min(1).max(400),
  name: z.string().trim().min(1, 'account.validation.passkeyName').max(FACTOR_NAME_MAX, 'account.validation.tooLong'),
  response: webauthnJson,
})
