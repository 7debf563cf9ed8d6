// zod schemas of the dashboard's forms and query strings, shared by the pages and the server actions.
import { z } from 'zod'
import { SESSION_CLIENT_IDS } from '../dialects'
import { PASSWORD_MAX, PASSWORD_MIN } from '../core/rules'

const id = z.coerce.number().int().positive().max(2_147_483_647)
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())

/**
 * The dashboard forms' own limits, given to their messages as placeholders (the messages are
 * catalogue keys, `admin.validation.*`): no catalogue restates a number.
 */
export const ADMIN_LIMITS = { nameMax: 64, descriptionMax: 200, contactMax: 254, userNameMax: 64, bulkMax: 500 } as const

const ROLE_NAME = new RegExp(`^[A-Za-z][A-Za-z0-9_.:-]{0,${ADMIN_LIMITS.nameMax - 1}}$`)
const PERMISSION_NAME = ROLE_NAME

const roleName = z.string().trim().regex(ROLE_NAME, 'admin.validation.roleName')
const permissionName = z.string().trim().regex(PERMISSION_NAME, 'admin.validation.permissionName')
const description = z.string().trim().max(ADMIN_LIMITS.descriptionMax, 'admin.validation.descriptionMax').default('')

export const resetFactorsSchema = z.object({ userId: id })
export const mfaPolicySchema = z.object({ policy: z.enum(['none', 'admins', 'everyone']) })
export const userStatusSchema = z.object({ userId: id, status: z.enum(['active', 'disabled']) })
const password = z.string().min(PASSWORD_MIN, 'validation.password_min').max(PASSWORD_MAX, 'validation.password_max')
export const resetPasswordSchema = z.object({ userId: id, password, temporary: checkbox })
const optional = z.string().trim().max(ADMIN_LIMITS.contactMax, 'admin.validation.contactMax').default('')
const userName = z.string().trim().min(1, 'validation.name_required').max(ADMIN_LIMITS.userNameMax, 'admin.validation.userNameMax')
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
  userIds: z.array(id).min(1, 'admin.validation.selectUsers').max(ADMIN_LIMITS.bulkMax, 'admin.validation.tooManyUsers'),
  action: z.enum(['disable', 'enable', 'add-role'], 'admin.validation.chooseAction'),
  role: z.string().trim().max(ADMIN_LIMITS.nameMax).default(''),
})
export const userRoleSchema = z.object({ userId: id, role: z.string().trim().min(1, 'admin.validation.chooseRole').pipe(roleName) })
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
/** What is wrong with the audit filter's dates: a catalogue key under `admin.audit` and its values. */
export type DateRangeError = { key: 'notDate'; values: { date: string } } | { key: 'reversed'; values: { from: string; to: string } }

/** The audit filter's dates, checked: a reversed range is an error shown to the admin, not an empty page. */
export function auditRange(q: { from?: string; to?: string }): { error?: DateRangeError } {
  const valid = (d: string) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d
  if (q.from && !valid(q.from)) return { error: { key: 'notDate', values: { date: q.from } } }
  if (q.to && !valid(q.to)) return { error: { key: 'notDate', values: { date: q.to } } }
  if (q.from && q.to && q.from > q.to) return { error: { key: 'reversed', values: { from: q.from, to: q.to } } }
  return {}
}

export const outboxQuery = q({ channel: z.enum(['sms', 'mail']).optional().catch(undefined), recipient: text, page: page.default(1) })
