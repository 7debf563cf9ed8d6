// The forgotten-password forms: where the code goes (a phone or an email), then the code and the new
// password. The same schemas run in the browser (zodResolver) and in the server actions.
import { z } from 'zod'
import { captcha, channel, checkTarget, code, newPassword, normalizeTarget } from '@/lib/auth/fields'

const target = z.string().max(254, 'validation.too_long')

export const sendResetCodeSchema = z
  .object({ channel, target, altcha: captcha })
  .superRefine(checkTarget)
  .transform((v) => ({ ...v, target: normalizeTarget(v.channel, v.target) }))

export const resetPasswordSchema = z
  .object({ channel, target, code, password: newPassword, confirm: z.string() })
  .superRefine((v, ctx) => {
    checkTarget(v, ctx)
    if (v.confirm !== v.password) ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'validation.passwords_differ' })
  })
  .transform((v) => ({ ...v, target: normalizeTarget(v.channel, v.target) }))

export type SendResetCode = z.input<typeof sendResetCodeSchema>
export type ResetPassword = z.input<typeof resetPasswordSchema>
