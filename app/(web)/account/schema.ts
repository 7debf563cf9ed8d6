// Account forms: change password, bind a phone or email, sign a session out.
import { z } from 'zod'
import { PASSWORD_MAX } from '@/lib/core/rules'
import { channel, checkTarget, code, newPassword, normalizeTarget } from '@/lib/auth/fields'

export const changePasswordSchema = z
  .object({
    current: z.string().max(PASSWORD_MAX, 'That is too long.'),
    password: newPassword,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords differ.' })

const target = z.object({ channel, target: z.string().max(254) })

export const sendBindCodeSchema = target.superRefine(checkTarget).transform((v) => ({ ...v, target: normalizeTarget(v.channel, v.target) }))

export const bindSchema = target
  .extend({ code })
  .superRefine(checkTarget)
  .transform((v) => ({ ...v, target: normalizeTarget(v.channel, v.target) }))

export const revokeSchema = z.object({ sessionId: z.string().min(1).max(64) })

export type ChangePassword = z.input<typeof changePasswordSchema>
export type Bind = z.input<typeof bindSchema>
