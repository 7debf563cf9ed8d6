// Account forms: change password, bind a phone or email, sign a session out.
import { z } from 'zod'
import { CODE_LENGTH, PASSWORD_MAX } from '@/lib/core/rules'
import { captcha, channel, checkTarget, code, newPassword, normalizeTarget } from '@/lib/auth/fields'

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
