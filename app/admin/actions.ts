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
import { formError, formMessage } from '@/lib/auth/messages'
import { getTranslate } from '@/lib/i18n/server'

/** A refusal of the form itself, tied to one field. */
class AdminErrorMessage extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message)
  }
}

/** Actions that end access or change who may do what: an old sign-in confirms with the password first (#21 item 10). */
type Kind = 'destructive' | 'plain'

async function run<S extends z.ZodType>(
  kind: Kind,
  schema: S,
  input: Record<string, unknown>,
  returnTo: string,
  fn: (v: z.output<S>, ctx: AdminContext) => Promise<string>,
): Promise<AdminActionState> {
  const ctx = await requireAdmin(returnTo)
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { ok: false, message: issue?.message ?? 'Check the form.', field: issue?.path.join('.') || undefined }
  }
  try {
    if (kind === 'destructive') {
      const password = typeof input.reauthPassword === 'string' && input.reauthPassword !== '' ? input.reauthPassword : undefined
      await requireRecentAdminAuth(ctx, password)
    }
    const message = await fn(parsed.data, ctx)
    revalidatePath('/admin', 'layout')
    return { ok: true, message }
  } catch (e) {
    if (isAdminError(e)) return { ok: false, message: e.message }
    if (e instanceof AdminErrorMessage) return { ok: false, message: e.message, field: e.field }
    if (e instanceof ReauthRequired) {
      const message =
        e.method === 'factor'
          ? e.failed
            ? 'That code is wrong or used. Nothing was changed.'
            : 'Your sign-in is not recent. Confirm with a code from your authenticator app to go on.'
          : e.failed
            ? 'That is not your password. Nothing was changed.'
            : 'Your sign-in is not recent. Confirm with your password to go on.'
      return { ok: false, message, field: 'reauthPassword', reauth: true }
    }
    if (isAuthError(e, 'rate_limited'))
      return { ok: false, message: formMessage(await getTranslate(), 'rate_limited', e.detail.retryAfter), field: 'reauthPassword', reauth: true }
    // The password policy (lib/core/password-policy.ts) refused the new password.
    if (isAuthError(e, 'invalid_input') && e.detail.field === 'password') {
      const { kind, n } = formError(e)
      return { ok: false, message: formMessage(await getTranslate(), kind, n), field: 'password' }
    }
    // The core's rules for names and contacts (create and edit a user).
    if (isAuthError(e, 'invalid_input') && typeof e.detail.field === 'string')
      return { ok: false, message: `Check the ${e.detail.field}: ${String(e.detail.reason ?? 'not valid')}.`, field: e.detail.field }
    for (const [kind, field] of [
      ['name_taken', 'name'],
      ['phone_taken', 'phone'],
      ['email_taken', 'email'],
    ] as const)
      if (isAuthError(e, kind)) return { ok: false, message: formMessage(await getTranslate(), kind), field }
    // redirect() / forbidden() work by throwing: let them through.
    if (e && typeof e === 'object' && 'digest' in e) throw e
    log.error('admin action failed', { ...errorFields(e), actorId: ctx.user.id })
    return { ok: false, message: 'Something went wrong; nothing was changed. The error is in the server log.' }
  }
}

const fields = (form: FormData) => Object.fromEntries([...form.keys()].map((k) => [k, form.get(k)]))

export async function setUserStatusAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', userStatusSchema, fields(form), `/admin/users/${form.get('userId')}`, async (v, { actor }) => {
    await adminSetUserStatus(v.userId, v.status, actor)
    return v.status === 'disabled' ? 'User disabled. All their sessions have ended.' : 'User enabled.'
  })
}

export async function resetPasswordAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', resetPasswordSchema, fields(form), `/admin/users/${form.get('userId')}`, async (v, { actor }) => {
    await adminResetPassword(v.userId, v.password, actor, v.temporary)
    return v.temporary
      ? 'Temporary password set: they must choose a new one at their next sign-in. All their sessions have ended.'
      : 'Password set. All their sessions have ended.'
  })
}

export async function addRoleAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', userRoleSchema, fields(form), `/admin/users/${form.get('userId')}`, async (v, { actor }) => {
    await adminAddRole(v.userId, v.role, actor)
    return `Role ${v.role} added.`
  })
}

export async function removeRoleAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', userRoleSchema, fields(form), `/admin/users/${form.get('userId')}`, async (v, { actor }) => {
    await adminRemoveRole(v.userId, v.role, actor)
    return `Role ${v.role} removed.`
  })
}

export async function revokeSessionAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', revokeSessionSchema, fields(form), '/admin/sessions', async (v, { actor }) => {
    await adminRevokeSession(v.sessionId, actor)
    return 'Session ended. Its tokens are refused from now on.'
  })
}

export async function createRoleAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('plain', createRoleSchema, fields(form), '/admin/roles', async (v, { actor }) => {
    await createRole(v, actor)
    return `Role ${v.name} created.`
  })
}

export async function updateRoleAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('plain', updateRoleSchema, fields(form), '/admin/roles', async (v, { actor }) => {
    const r = await updateRole(v.id, { name: v.name, description: v.description }, actor)
    return `Role ${r.name} saved.`
  })
}

export async function deleteRoleAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', deleteSchema, fields(form), '/admin/roles', async (v, { actor }) => {
    const { usersAffected } = await deleteRole(v.id, { cascade: v.cascade }, actor)
    return usersAffected ? `Role deleted and removed from ${usersAffected} user${usersAffected === 1 ? '' : 's'}.` : 'Role deleted.'
  })
}

export async function setRolePermissionsAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const input = { roleId: form.get('roleId'), permissionIds: form.getAll('permissionIds'), reauthPassword: form.get('reauthPassword') }
  return run('destructive', rolePermissionsSchema, input, '/admin/roles', async (v, { actor }) => {
    const { added, removed } = await setRolePermissions(v.roleId, v.permissionIds, actor)
    if (!added.length && !removed.length) return 'No change.'
    return [added.length ? `Granted: ${added.join(', ')}.` : '', removed.length ? `Revoked: ${removed.join(', ')}.` : ''].filter(Boolean).join(' ')
  })
}

export async function createPermissionAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('plain', createPermissionSchema, fields(form), '/admin/roles', async (v, { actor }) => {
    await createPermission(v, actor)
    return `Permission ${v.name} created.`
  })
}

export async function updatePermissionAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('plain', updatePermissionSchema, fields(form), '/admin/roles', async (v, { actor }) => {
    const p = await updatePermission(v.id, { name: v.name, description: v.description }, actor)
    return `Permission ${p.name} saved.`
  })
}

export async function deletePermissionAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', deleteSchema, fields(form), '/admin/roles', async (v, { actor }) => {
    const { rolesAffected } = await deletePermission(v.id, { cascade: v.cascade }, actor)
    return rolesAffected ? `Permission deleted and revoked from ${rolesAffected} role${rolesAffected === 1 ? '' : 's'}.` : 'Permission deleted.'
  })
}

export async function createUserAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  let created: { id: number; name: string } | undefined
  const state = await run('plain', createUserSchema, fields(form), '/admin/users/new', async (v, { actor }) => {
    if (v.temporary && !v.password) throw new AdminErrorMessage('A temporary password needs a password.', 'password')
    created = await adminCreateUser(v, actor)
    return `User ${created.name} created.`
  })
  if (created) redirect(`/admin/users/${created.id}?created=1`)
  return state
}

export async function updateUserAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', updateUserSchema, fields(form), `/admin/users/${form.get('userId')}`, async (v, { actor }) => {
    const changed = await adminUpdateUser(v.userId, v, actor)
    return changed.length ? `Saved: ${changed.join(', ')}.` : 'No change.'
  })
}

export async function deleteUserAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', deleteUserSchema, fields(form), `/admin/users/${form.get('userId')}`, async (v, { actor }) => {
    const { sessionsEnded } = await adminDeleteUser(v.userId, actor)
    return `User deleted: personal details removed, ${sessionsEnded} session${sessionsEnded === 1 ? '' : 's'} ended. Their audit events are kept.`
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
    if (v.action === 'add-role' && !v.role) throw new AdminErrorMessage('Choose the role to add.', 'role')
    const { done, skipped } = await adminBulk(v.userIds, v.action, actor, v.role)
    const verb = { disable: 'disabled', enable: 'enabled', 'add-role': `given role ${v.role}` }[v.action]
    return `${done} user${done === 1 ? '' : 's'} ${verb}${skipped ? `; ${skipped} skipped (already so, or yourself)` : ''}.`
  })
}

/** Removes a user's second factors and recovery codes (#26): they sign in with the password or a code alone again, and are told. */
export async function resetFactorsAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', resetFactorsSchema, fields(form), `/admin/users/${form.get('userId')}`, async (v, { actor }) => {
    const n = await adminResetFactors(v.userId, actor)
    return `Second factors reset (${n} removed). The user was told.`
  })
}

/** Who must have a second factor (#26): overrides MFA_REQUIRED from now on. */
export async function setMfaPolicyAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  return run('destructive', mfaPolicySchema, fields(form), '/admin/security', async (v, { actor }) => {
    await setMfaPolicy(v.policy, { actorId: actor.actorId, ip: actor.ip, client: 'browser' })
    return v.policy === 'none'
      ? 'No one is required to use a second factor.'
      : `A second factor is now required for ${v.policy === 'admins' ? 'admins' : 'everyone'}.`
  })
}
