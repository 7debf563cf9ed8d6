'use server'
// The dashboard's writes. Each one checks the admin on the server first (requireAdmin), parses the
// form with zod, runs the lib/admin use case with the admin as actor (audited there), and answers
// an AdminActionState for the form.
import { revalidatePath } from 'next/cache'
import type { z } from 'zod'
import { requireAdmin, requireRecentAdminAuth, type AdminContext } from '@/lib/admin/guard'
import { ReauthRequired } from '@/lib/auth/reauth'
import { isAdminError } from '@/lib/admin/errors'
import type { AdminActionState } from '@/lib/admin/action-state'
import { redirect } from 'next/navigation'
import {
  adminAddRole,
  adminBulk,
  adminCreateUser,
  adminDeleteUser,
  adminRemoveRole,
  adminResetFactors,
  adminResetPassword,
  adminSetUserStatus,
  adminUpdateUser,
} from '@/lib/admin/users'
import { setMfaPolicy } from '@/lib/core/factors'
import { adminRevokeSession } from '@/lib/admin/sessions'
import { createPermission, createRole, deletePermission, deleteRole, setRolePermissions, updatePermission, updateRole } from '@/lib/admin/roles'
import {
  bulkSchema,
  createUserSchema,
  deleteUserSchema,
  updateUserSchema,
  createPermissionSchema,
  createRoleSchema,
  deleteSchema,
  mfaPolicySchema,
  resetFactorsSchema,
  resetPasswordSchema,
  revokeSessionSchema,
  rolePermissionsSchema,
  updatePermissionSchema,
  updateRoleSchema,
  userRoleSchema,
  userStatusSchema,
} from '@/lib/admin/schemas'
import { log, errorFields } from '@/lib/log'
import { isAuthError } from '@/lib/core/errors'
import { formError } from '@/lib/auth/messages'
import { getFormatter, getTranslations } from 'next-intl/server'
import { ADMIN_LIMITS } from '@/lib/admin/schemas'

/** A refusal of the form itself, tied to one field: a catalogue key under `admin.errors`. */
class AdminErrorMessage extends Error {
  constructor(
    message: 'temporaryNeedsPassword' | 'chooseRoleToAdd',
    readonly field: string,
  ) {
    super(`admin.errors.${message}`)
  }
}

/** An answer's words: a catalogue key (lib/i18n/messages/<locale>/admin.json) and its values. */
type Said = { message: string; values?: Record<string, string | number> }
const said = (key: string, values?: Record<string, string | number>): Said => ({ message: `admin.results.${key}`, values })

/** The core's refusals of a name or contact (invalid_input on a field), as the shared form messages. */
const FIELD_MESSAGES: Record<string, string> = { name: 'validation.name_pattern', phone: 'validation.phone_invalid', email: 'validation.email_invalid' }

/** Actions that end access or change who may do what: an old sign-in confirms with the password first (#21 item 10). */
type Kind = 'destructive' | 'plain'

async function run<S extends z.ZodType>(
  kind: Kind,
  schema: S,
  input: Record<string, unknown>,
  returnTo: string,
  fn: (v: z.output<S>, ctx: AdminContext) => Promise<Said>,
): Promise<AdminActionState> {
  const ctx = await requireAdmin(returnTo)
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    // The schemas' messages are catalogue keys (lib/admin/schemas.ts); zod's own (a malformed id) are not words to show.
    const issue = parsed.error.issues[0]
    const key = issue?.message && /^(admin|validation)\./.test(issue.message) ? issue.message : 'admin.errors.checkForm'
    return { ok: false, message: key, values: key.startsWith('admin.') ? ADMIN_LIMITS : undefined, field: issue?.path.join('.') || undefined }
  }
  try {
    if (kind === 'destructive') {
      const password = typeof input.reauthPassword === 'string' && input.reauthPassword !== '' ? input.reauthPassword : undefined
      await requireRecentAdminAuth(ctx, password)
    }
    const answer = await fn(parsed.data, ctx)
    revalidatePath('/admin', 'layout')
    return { ok: true, ...answer }
  } catch (e) {
    if (isAdminError(e)) return { ok: false, message: `admin.errors.${e.key}`, values: e.values }
    if (e instanceof AdminErrorMessage) return { ok: false, message: e.message, field: e.field }
    if (e instanceof ReauthRequired) {
      const key = e.method === 'factor' ? (e.failed ? 'reauthFactorWrong' : 'reauthFactor') : e.failed ? 'reauthPasswordWrong' : 'reauthPassword'
      return { ok: false, message: `admin.errors.${key}`, field: 'reauthPassword', reauth: true }
    }
    if (isAuthError(e, 'rate_limited')) {
      const wait = typeof e.detail.retryAfter === 'number' && e.detail.retryAfter > 0 ? e.detail.retryAfter : undefined
      return { ok: false, ...formAnswer(wait ? 'rate_limited_wait' : 'rate_limited', wait), field: 'reauthPassword', reauth: true }
    }
    // The password policy (lib/core/password-policy.ts) refused the new password.
    if (isAuthError(e, 'invalid_input') && e.detail.field === 'password') {
      const { kind, n } = formError(e)
      if (kind === 'password_too_short' && n) return { ok: false, ...formAnswer('password_too_short_min', undefined, { min: n }), field: 'password' }
      return { ok: false, ...formAnswer(kind === 'password_too_common' ? 'password_too_common' : 'password_too_short'), field: 'password' }
    }
    // The core's rules for names and contacts (create and edit a user).
    if (isAuthError(e, 'invalid_input') && typeof e.detail.field === 'string')
      return { ok: false, message: FIELD_MESSAGES[e.detail.field] ?? 'admin.errors.checkForm', field: e.detail.field }
    for (const [kind, field] of [
      ['name_taken', 'name'],
      ['phone_taken', 'phone'],
      ['email_taken', 'email'],
    ] as const)
      if (isAuthError(e, kind)) return { ok: false, ...formAnswer(kind), field }
    // redirect() / forbidden() work by throwing: let them through.
    if (e && typeof e === 'object' && 'digest' in e) throw e
    log.error('admin action failed', { ...errorFields(e), actorId: ctx.user.id })
    return { ok: false, message: 'admin.errors.unexpected' }
  }
}

/** A refusal worded by the shared form messages (lib/i18n/messages/<locale>/errors.json). */
function formAnswer(key: string, seconds?: number, values?: Record<string, number>): Said {
  return { message: `errors.${key}`, values: seconds ? { seconds } : values }
}

const isField = (f: string): f is 'name' | 'phone' | 'email' => f === 'name' || f === 'phone' || f === 'email'

const fields = (form: FormData) => Object.fromEntries([...form.keys()].map((k) => [k, form.get(k)]))

export async function setUserStatusAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', userStatusSchema, fields(form), `/admin/users/${form.get('userId')}`, async (v, { actor }) => {
    await adminSetUserStatus(v.userId, v.status, actor)
    return said(v.status === 'disabled' ? 'userDisabled' : 'userEnabled')
  })
}

export async function resetPasswordAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', resetPasswordSchema, fields(form), `/admin/users/${form.get('userId')}`, async (v, { actor }) => {
    await adminResetPassword(v.userId, v.password, actor, v.temporary)
    return said(v.temporary ? 'passwordTemporary' : 'passwordSet')
  })
}

export async function addRoleAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', userRoleSchema, fields(form), `/admin/users/${form.get('userId')}`, async (v, { actor }) => {
    await adminAddRole(v.userId, v.role, actor)
    return said('roleAdded', { role: v.role })
  })
}

export async function removeRoleAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', userRoleSchema, fields(form), `/admin/users/${form.get('userId')}`, async (v, { actor }) => {
    await adminRemoveRole(v.userId, v.role, actor)
    return said('roleRemoved', { role: v.role })
  })
}

export async function revokeSessionAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', revokeSessionSchema, fields(form), '/admin/sessions', async (v, { actor }) => {
    await adminRevokeSession(v.sessionId, actor)
    return said('sessionEnded')
  })
}

export async function createRoleAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('plain', createRoleSchema, fields(form), '/admin/roles', async (v, { actor }) => {
    await createRole(v, actor)
    return said('roleCreated', { name: v.name })
  })
}

export async function updateRoleAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('plain', updateRoleSchema, fields(form), '/admin/roles', async (v, { actor }) => {
    const r = await updateRole(v.id, { name: v.name, description: v.description }, actor)
    return said('roleSaved', { name: r.name })
  })
}

export async function deleteRoleAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', deleteSchema, fields(form), '/admin/roles', async (v, { actor }) => {
    const { usersAffected } = await deleteRole(v.id, { cascade: v.cascade }, actor)
    return usersAffected ? said('roleDeletedFrom', { n: usersAffected }) : said('roleDeleted')
  })
}

export async function setRolePermissionsAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const input = { roleId: form.get('roleId'), permissionIds: form.getAll('permissionIds'), reauthPassword: form.get('reauthPassword') }
  return run('destructive', rolePermissionsSchema, input, '/admin/roles', async (v, { actor }) => {
    const { added, removed } = await setRolePermissions(v.roleId, v.permissionIds, actor)
    if (added.length && removed.length) return said('grantedRevoked', { added: added.join(', '), removed: removed.join(', ') })
    if (added.length) return said('granted', { list: added.join(', ') })
    if (removed.length) return said('revoked', { list: removed.join(', ') })
    return said('noChange')
  })
}

export async function createPermissionAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('plain', createPermissionSchema, fields(form), '/admin/roles', async (v, { actor }) => {
    await createPermission(v, actor)
    return said('permissionCreated', { name: v.name })
  })
}

export async function updatePermissionAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('plain', updatePermissionSchema, fields(form), '/admin/roles', async (v, { actor }) => {
    const p = await updatePermission(v.id, { name: v.name, description: v.description }, actor)
    return said('permissionSaved', { name: p.name })
  })
}

export async function deletePermissionAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', deleteSchema, fields(form), '/admin/roles', async (v, { actor }) => {
    const { rolesAffected } = await deletePermission(v.id, { cascade: v.cascade }, actor)
    return rolesAffected ? said('permissionDeletedFrom', { n: rolesAffected }) : said('permissionDeleted')
  })
}

export async function createUserAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  let created: { id: number; name: string } | undefined
  const state = await run('plain', createUserSchema, fields(form), '/admin/users/new', async (v, { actor }) => {
    if (v.temporary && !v.password) throw new AdminErrorMessage('temporaryNeedsPassword', 'password')
    created = await adminCreateUser(v, actor)
    return said('userCreated', { name: created.name })
  })
  if (created) redirect(`/admin/users/${created.id}?created=1`)
  return state
}

export async function updateUserAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', updateUserSchema, fields(form), `/admin/users/${form.get('userId')}`, async (v, { actor }) => {
    const changed = await adminUpdateUser(v.userId, v, actor)
    if (!changed.length) return said('noChange')
    // The changed fields' names in the request's language (the page's), as one list.
    const [t, format] = await Promise.all([getTranslations('admin.fields'), getFormatter()])
    return said('saved', { fields: format.list(changed.map((f) => (isField(f) ? t(f) : f))) })
  })
}

export async function deleteUserAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', deleteUserSchema, fields(form), `/admin/users/${form.get('userId')}`, async (v, { actor }) => {
    const { sessionsEnded } = await adminDeleteUser(v.userId, actor)
    return said('userDeleted', { n: sessionsEnded })
  })
}

export async function bulkUsersAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const input = {
    userIds: form.getAll('userIds'),
    action: form.get('action') ?? undefined,
    role: form.get('role') ?? undefined,
    reauthPassword: form.get('reauthPassword'),
  }
  return run('destructive', bulkSchema, input, '/admin/users', async (v, { actor }) => {
    if (v.action === 'add-role' && !v.role) throw new AdminErrorMessage('chooseRoleToAdd', 'role')
    const { done, skipped } = await adminBulk(v.userIds, v.action, actor, v.role)
    const key = ({ disable: 'bulkDisabled', enable: 'bulkEnabled', 'add-role': 'bulkRoleGiven' } as const)[v.action]
    return said(skipped ? `${key}Skipped` : key, { done, skipped, role: v.role })
  })
}

/** Removes a user's second factors and recovery codes (#26): they sign in with the password or a code alone again, and are told. */
export async function resetFactorsAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', resetFactorsSchema, fields(form), `/admin/users/${form.get('userId')}`, async (v, { actor }) => {
    const n = await adminResetFactors(v.userId, actor)
    return said('factorsReset', { n })
  })
}

/** Who must have a second factor (#26): overrides MFA_REQUIRED from now on. */
export async function setMfaPolicyAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', mfaPolicySchema, fields(form), '/admin/security', async (v, { actor }) => {
    await setMfaPolicy(v.policy, { actorId: actor.actorId, ip: actor.ip, client: 'browser' })
    return said(({ none: 'mfaNone', admins: 'mfaAdmins', everyone: 'mfaEveryone' } as const)[v.policy])
  })
}
