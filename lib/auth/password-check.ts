'use server'
// The password policy while a person types a new one (#24): whether lib/core/password-policy.ts
// counts it as common. The list stays on the server (about 49k entries); the form asks here, a
// moment after typing stops, and the same check refuses the password when the form is sent.
import { z } from 'zod'
import { passwordProblem } from '../core/password-policy'
import { PASSWORD_MAX } from '../core/rules'

const schema = z.object({ password: z.string().max(PASSWORD_MAX) })

export async function checkNewPassword(input: unknown): Promise<{ common: boolean }> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) return { common: false }
  // Length 0: only the list decides here; the form shows the length rule itself.
  return { common: passwordProblem(parsed.data.password, 0) === 'too_common' }
}
