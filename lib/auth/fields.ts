// Field rules of the browser forms, with the messages a person reads. The same schemas run in the
// browser (zodResolver) and on the server (actions, next-auth authorize). They build on the core's
// rules in lib/core/fields.ts, which the APIs use too.
import { z } from 'zod'
import { CODE_PATTERN, PASSWORD_MAX, normalizeEmail, normalizePhone } from '../core/fields'

export const PASSWORD_MIN = 8

export const phone = z
  .string()
  .trim()
  .min(1, 'Enter your phone number.')
  .refine((v) => normalizePhone(v) !== null, 'Enter a mainland China mobile number (11 digits, e.g. 13812345678).')
  .transform((v) => normalizePhone(v) ?? v)

export const email = z
  .string()
  .trim()
  .min(1, 'Enter your email address.')
  .refine((v) => normalizeEmail(v) !== null, 'Enter a valid email address.')
  .transform((v) => normalizeEmail(v) ?? v)

export const code = z.string().trim().regex(CODE_PATTERN, 'The code is 6 digits.')

/** Display width as ThinkSNS+ counts it: an ASCII character is half, anything else one (reference §1). */
export function nameWidth(name: string): number {
  let w = 0
  for (const ch of name) w += ch.charCodeAt(0) < 128 ? 0.5 : 1
  return w
}

// The strictest name rule of the dialects (ThinkSNS+, reference §1), so a name made here works in
// every dialect: starts with a letter, _ or a non-ASCII character; then also digits.
const NAME_PATTERN = /^[A-Za-z_\u0080-\uFFFF][A-Za-z0-9_\u0080-\uFFFF]*$/u

export const name = z
  .string()
  .trim()
  .min(1, 'Choose a name.')
  .regex(NAME_PATTERN, 'Use letters, digits and _ only, and start with a letter or _.')
  .refine((v) => nameWidth(v) >= 2 && nameWidth(v) <= 12, 'Use 4 to 24 letters or digits (2 to 12 Chinese characters).')

export const newPassword = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)

export const channel = z.enum(['sms', 'mail'])

/** A phone number or an email address, by channel; the error goes on `target`. */
export function checkTarget(v: { channel: 'sms' | 'mail'; target: string }, ctx: z.RefinementCtx): void {
  const r = (v.channel === 'sms' ? phone : email).safeParse(v.target)
  if (!r.success) ctx.addIssue({ code: 'custom', path: ['target'], message: r.error.issues[0]?.message ?? 'Invalid.' })
}

export function normalizeTarget(c: 'sms' | 'mail', target: string): string {
  return (c === 'sms' ? normalizePhone(target) : normalizeEmail(target)) ?? target.trim()
}
