// Field rules of the browser forms. Their messages are catalogue keys (lib/i18n/messages/*/validation.json),
// translated where they are shown (lib/i18n/text.ts), with the core's limits as placeholders. The same schemas run in the
// browser (zodResolver) and on the server (actions, next-auth authorize). They build on the core's
// rules in lib/core/rules.ts and lib/core/fields.ts, which the APIs use too.
import { z } from 'zod'
import { normalizeEmail, normalizePhoneInput } from '../core/fields'
import { CODE_PATTERN, NAME_PATTERN, nameWidthOk, PASSWORD_MAX, PASSWORD_MIN } from '../core/rules'

export const phone = z
  .string()
  .trim()
  .min(1, 'validation.phone_required')
  .refine((v) => normalizePhoneInput(v) !== null, 'validation.phone_invalid')
  .transform((v) => normalizePhoneInput(v) ?? v)

const email = z
  .string()
  .trim()
  .min(1, 'validation.email_required')
  .refine((v) => normalizeEmail(v) !== null, 'validation.email_invalid')
  .transform((v) => normalizeEmail(v) ?? v)

export const code = z.string().trim().regex(CODE_PATTERN, 'validation.code_format')

// The name rule is ThinkSNS+'s (lib/core/rules.ts), so a name made here works in every dialect.
export const name = z
  .string()
  .trim()
  .min(1, 'validation.name_required')
  .regex(NAME_PATTERN, 'validation.name_pattern')
  .refine(nameWidthOk, 'validation.name_width')

export const newPassword = z.string().min(PASSWORD_MIN, 'validation.password_min').max(PASSWORD_MAX, 'validation.password_max')

export const channel = z.enum(['sms', 'mail'])

/** A phone number or an email address, by channel; the error goes on `target`. */
export function checkTarget(v: { channel: 'sms' | 'mail'; target: string }, ctx: z.RefinementCtx): void {
  const r = (v.channel === 'sms' ? phone : email).safeParse(v.target)
  if (!r.success) ctx.addIssue({ code: 'custom', path: ['target'], message: r.error.issues[0]?.message ?? 'validation.invalid' })
}

export function normalizeTarget(c: 'sms' | 'mail', target: string): string {
  return (c === 'sms' ? normalizePhoneInput(target) : normalizeEmail(target)) ?? target.trim()
}

/** The ALTCHA widget's payload (base64 JSON), sent with a code request once the server asked for a captcha (lib/auth/captcha.ts). */
export const captcha = z.string().max(10_000, 'validation.too_long').optional()

/** A WebAuthn answer as @simplewebauthn/browser gives it, sent as JSON text through next-auth's form post. */
export const webauthnJson = z
  .string()
  .max(20_000)
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Not JSON.' })
      return z.NEVER
    }
  })
  .pipe(z.looseObject({ id: z.string().min(1), rawId: z.string().min(1), type: z.literal('public-key'), response: z.looseObject({}) }))
