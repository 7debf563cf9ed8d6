// First step of sign-up: where to send the code.
import { z } from 'zod'
import { captcha, channel, checkTarget, normalizeTarget } from '@/lib/auth/fields'

export const sendSignUpCodeSchema = z
  .object({ channel, target: z.string().max(254), altcha: captcha })
  .superRefine(checkTarget)
  .transform((v) => ({ channel: v.channel, target: normalizeTarget(v.channel, v.target), altcha: v.altcha }))

export type SendSignUpCode = z.input<typeof sendSignUpCodeSchema>
