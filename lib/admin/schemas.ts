// zod schemas of the dashboard's forms and query strings, shared by the pages and the server actions.
import { z } from 'zod'
import { SESSION_CLIENT_IDS } from '../dialects'
import { PASSWORD_MAX, PASSWORD_MIN } from '../core/rules'

const id = z.coerce.number().int().positive().max(2_147_483_647)
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())

const ROLE_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/
const PERMISSION_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/

const roleName = z.string().trim().regex(ROLE_NAME, 'A role name starts with a letter and has at most 64 letters, digits or _ . : -')
const permissionName = z.string().trim().regex(PERMISSION_NAME, 'A permission name starts with a letter and has at most 64 letters, digits or _ . : -')
const description = z.string().trim().max(200, 'At most 200 characters.').default('')

export const resetFactorsSchema = z.object({ userId: id })
export const mfaPolicySchema = z.object({ policy: z.enum(['none', 'admins', 'everyone']) })
export const userStatusSchema = z.object({ userId: id, status: z.enum(['active', 'disabled']) })
const password = z.string().min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters.`).max(PASSWORD_MAX, `At most ${PASSWORD_MAX} characters.`)
export const resetPasswordSchema = z.object({ userId: id, password, temporary: checkbox })
const optional = z.string().trim().max(254, 'At most 254 characters.').default('')
const userName = z.string().trim().min(1, 'Give a name.').max(64, 'At most 64 characters.')
export const createUserSchema = z.object({
  name: userName,
  phone: optional,
  email: optional,
  password: z.union([z.literal(''), password]).default(''),
  temporary: checkbox,
})
export const updateUserSchema = z.object({ userId: id, name: userName, phone: optional, email: optional })
export const deleteUserSchema = z.object({ userId: id })
export const bulkSchema = z.object({
  userIds: z.array(id).min(1, 'Select at least one user.').max(500, 'At most 500 users at once.'),
  action: z.enum(['disable', 'enable', 'add-role'], 'Choose an action.'),
  role: z.string().trim().max(64).default(''),
})
export const userRoleSchema = z.object({ userId: id, role: z.string().trim().min(1, 'Choose a role.').pipe(roleName) })
export const revokeSessionSchema = z.object({ sessionId: z.string().min(1).max(64) })

export const createRoleSchema = z.object({ name: roleName, description })
export const updateRoleSchema = z.object({ id, name: roleName, description })
export const deleteSchema = z.object({ id, cascade: checkbox })
export const createPermissionSchema = z.object({ name: permissionName, description })
export const updatePermissionSchema = z.object({ id, name: permissionName, description })
export const rolePermissionsSchema = z.object({ roleId: id, permissionIds: z.array(id).max(1000) })

// Query strings: anything unexpected falls back to the default instead of failing the page.
const page = z.coerce.number().int().min(1).max(1_000_000).catch(1)
const text = z.string().trim().max(100).optional().catch(undefined)
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v)
const q = <T extends z.ZodRawShape>(shape: T) =>
  z.preprocess((raw) => Object.fromEntries(Object.entries((raw ?? {}) as object).map(([k, v]) => [k, first(v)])), z.object(shape))

export const usersQuery = q({ q: text, status: z.enum(['active', 'disabled']).optional().catch(undefined), page: page.default(1) })
export const sessionsQuery = q({ user: text, client: z.enum(SESSION_CLIENT_IDS).optional().catch(undefined), page: page.default(1) })
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined)
export const auditQuery = q({
  user: text,
  kind: z
    .string()
    .trim()
    .regex(/^[a-z_.]{1,40}$/)
    .optional()
    .catch(undefined),
  from: day,
  to: day,
  page: page.default(1),
})
/** The audit filter's dates, checked: a reversed range is an error shown to the admin, not an empty page. */
export function auditRange(q: { from?: string; to?: string }): { error?: string } {
  const valid = (d: string) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d
  if (q.from && !valid(q.from)) return { error: `${q.from} is not a date.` }
  if (q.to && !valid(q.to)) return { error: `${q.to} is not a date.` }
  if (q.from && q.to && q.from > q.to) return { error: `The range starts (${q.from}) after it ends (${q.to}): swap the dates.` }
  return {}
}

export const outboxQuery = q({ channel: z.enum(['sms', 'mail']).optional().catch(undefined), recipient: text, page: page.default(1) })
