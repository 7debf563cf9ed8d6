// Field rules of the browser forms, with the messages a person reads. The same schemas run in the
// browser (zodResolver) and on the server (actions, next-auth authorize). They build on the core's
// rules in lib/core/rules.ts and lib/core/fields.ts, which the APIs use too.
import { z } from 'zod'
import { normalizeEmail, normalizePhone } from '../core/fields'
import { CODE_LENGTH, CODE_PATTERN, NAME_PATTERN, nameWidthOk, NAME_WIDTH_MAX, NAME_WIDTH_MIN, PASSWORD_MAX, PASSWORD_MIN } from '../core/rules'

export const phone = z
  .string()
  .trim()
  .min(1, 'Enter your phone number.')
  .refine((v) => normalizePhone(v) !== null, 'Enter a mainland China mobile number (11 digits, e.g. 13812345678).')
  .transform((v) => normalizePhone(v) ?? v)

const email = z
  .string()
  .trim()
  .min(1, 'Enter your email address.')
  .refine((v) => normalizeEmail(v) !== null, 'Enter a valid email address.')
  .transform((v) => normalizeEmail(v) ?? v)

export const code = z.string().trim().regex(CODE_PATTERN, `The code is ${CODE_LENGTH} digits.`)

// The name rule is ThinkSNS+'s (lib/core/rules.ts), so a name made here works in every dialect.
export const name = z
  .string()
  .trim()
  .min(1, 'Choose a name.')
  .regex(NAME_PATTERN, 'Use letters, digits and _ only, and start with a letter or _.')
  .refine(nameWidthOk, `Use ${NAME_WIDTH_MIN * 2} to ${NAME_WIDTH_MAX * 2} letters or digits (${NAME_WIDTH_MIN} to ${NAME_WIDTH_MAX} Chinese characters).`)

export const newPassword = z.string().min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)

export const channel = z.enum(['sms', 'mail'])

/** A phone number or an email address, by channel; the error goes on `target`. */
export function checkTarget(v: { channel: 'sms' | 'mail'; target: string }, ctx: z.RefinementCtx): void {
  const r = (v.channel === 'sms' ? phone : email).safeParse(v.target)
  if (!r.success) ctx.addIssue({ code: 'custom', path: ['target'], message: r.error.issues[0]?.message ?? 'Invalid.' })
}

export function normalizeTarget(c: 'sms' | 'mail', target: string): string {
  return (c === 'sms' ? normalizePhone(target) : normalizeEmail(target)) ?? target.trim()
}

/** The ALTCHA widget's payload (base64 JSON), sent with a code request once the server asked for a captcha (lib/auth/captcha.ts). */
export const captcha = z.string().max(10_000, 'That is too long.').optional()

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
