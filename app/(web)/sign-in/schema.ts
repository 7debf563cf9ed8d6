// Sign-in forms; next-auth's authorize() parses the same schemas (lib/auth/next-auth.ts).
import { z } from 'zod'
import { PASSWORD_MAX } from '@/lib/core/rules'
import { captcha, code, phone } from '@/lib/auth/fields'

export const passwordSignInSchema = z.object({
  login: z.string().trim().min(1, 'Enter your name, email or phone number.').max(254, 'That is too long.'),
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX, 'That is too long.'),
})

export const sendSignInCodeSchema = z.object({ phone, altcha: captcha })

export const codeSignInSchema = z.object({ phone, code })

export type PasswordSignIn = z.input<typeof passwordSignInSchema>
export type CodeSignIn = z.input<typeof codeSignInSchema>
