// Request bodies of the Flask dialect (seed 003). The seed project reads `data.get(...)` and
// answers "用户名密码不能为空" when either is missing or empty; anything that is not a string
// counts as missing here (Python would fail on it).
import { z } from 'zod'
import { normalizeEmail, normalizePhone } from '../../core/fields'
import { PASSWORD_MAX } from '../../core/rules'

export const MISSING = '用户名密码不能为空'

const present = z.string({ error: MISSING }).min(1, MISSING)

export const loginSchema = z.object({
  username: present,
  password: present,
})

const USERNAME_MAX = 64

/**
 * A name must stay a name wherever it is used to sign in (SPEC §3 matches a login string against
 * name, email or phone): one that looks like an email or a mobile number would be read as that.
 */
export const registerSchema = z.object({
  username: present
    .refine((v) => v.trim() === v && v.length <= USERNAME_MAX, { message: 'username' })
    .refine((v) => !v.includes('@') && normalizePhone(v) === null && !/^\d+$/.test(v), { message: 'username' }),
  password: present.max(PASSWORD_MAX, 'password'),
  email: z
    .string()
    .nullish()
    .transform((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null))
    .refine((v) => v === null || normalizeEmail(v) !== null, { message: 'email' }),
})
