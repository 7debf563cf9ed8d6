// Second and third steps of sign-up: the code, then name and password. The last schema is what the
// `sign-up` credentials provider parses (lib/auth/next-auth.ts) before it creates the user.
import { z } from 'zod'
import { captcha, channel, checkTarget, code, name, newPassword, normalizeTarget } from '@/lib/auth/fields'

const target = z.object({ channel, target: z.string().max(254) })

export const checkCodeSchema = target
  .extend({ code })
  .superRefine(checkTarget)
  .transform((v) => ({ ...v, target: normalizeTarget(v.channel, v.target) }))

export const resendCodeSchema = target
  .extend({ altcha: captcha })
  .superRefine(checkTarget)
  .transform((v) => ({ ...v, target: normalizeTarget(v.channel, v.target) }))

// The consent checkbox (#24): the form holds a boolean; next-auth posts it as the text 'true'.
const consentGiven = z.boolean().refine((v) => v, 'validation.consent_required')
const consentPosted = z.string().refine((v) => v === 'true', 'validation.consent_required')

export const detailsSchema = z
  .object({ name, password: newPassword, confirm: z.string(), consent: consentGiven })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'validation.passwords_differ' })

export const completeSignUpSchema = target
  .extend({ code, name, password: newPassword, consent: consentPosted })
  .superRefine(checkTarget)
  .transform((v) => ({ ...v, target: normalizeTarget(v.channel, v.target) }))

export type CheckCode = z.input<typeof checkCodeSchema>
export type Details = z.input<typeof detailsSchema>
