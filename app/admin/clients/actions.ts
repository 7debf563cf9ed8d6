'use server'
// Register, edit and delete OpenID Connect clients (lib/oidc/clients.ts). Each action asks for an
// admin first and writes an audit row.
import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { requireAdmin } from '@/lib/admin/guard'
import type { AdminActionState } from '@/lib/admin/action-state'
import { audit } from '@/lib/core/audit'
import { isAuthError } from '@/lib/core/errors'
import { clientSettingsSchema, createOidcClient, deleteOidcClient, updateOidcClient } from '@/lib/oidc/clients'

const lines = (v: FormDataEntryValue | null) =>
  String(v ?? '')
    .split(/\s+/)
    .filter(Boolean)
const optional = (v: FormDataEntryValue | null) => (v === null || v === '' ? undefined : String(v))

function settingsOf(form: FormData) {
  return clientSettingsSchema.safeParse({
    name: form.get('name'),
    public: form.get('public') === 'on',
    redirectUris: lines(form.get('redirectUris')),
    postLogoutRedirectUris: lines(form.get('postLogoutRedirectUris')),
    grantTypes: form.getAll('grantTypes').map(String),
    backchannelLogoutUri: optional(form.get('backchannelLogoutUri')),
    accessTokenTtlSeconds: optional(form.get('accessTokenTtlSeconds')),
    refreshTokenTtlSeconds: optional(form.get('refreshTokenTtlSeconds')),
    idTokenTtlSeconds: optional(form.get('idTokenTtlSeconds')),
    rotateRefreshTokens: form.get('rotateRefreshTokens') === 'on',
  })
}

function refused(e: unknown): AdminActionState {
  if (isAuthError(e, 'invalid_input'))
    return {
      ok: false,
      message: 'admin.errors.checkField',
      values: { field: String(e.detail.field), reason: String(e.detail.reason) },
      field: String(e.detail.field),
    }
  throw e
}

/** The settings' first refusal: zod's words are not the page's, so the field is named instead. */
function invalid(error: z.ZodError): AdminActionState {
  const field = error.issues[0]?.path.join('.') || undefined
  return { ok: false, message: 'admin.errors.checkForm', field }
}

const UNKNOWN: AdminActionState = { ok: false, message: 'admin.errors.unknownClient' }

export async function createClientAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const { actor } = await requireAdmin('/admin/clients')
  const parsed = settingsOf(form)
  if (!parsed.success) return invalid(parsed.error)
  try {
    const c = await createOidcClient(parsed.data)
    await audit({ kind: 'admin.action', actorId: actor.actorId, ip: actor.ip, client: 'admin', detail: { action: 'oidc_client.create', clientId: c.id } })
    revalidatePath('/admin/clients')
    return c.secret
      ? { ok: true, message: 'admin.results.clientCreated', values: { id: c.id, secret: c.secret } }
      : { ok: true, message: 'admin.results.publicClientCreated', values: { id: c.id } }
  } catch (e) {
    return refused(e)
  }
}

export async function updateClientAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const { actor } = await requireAdmin('/admin/clients')
  const id = z.string().min(1).max(200).safeParse(form.get('id'))
  const parsed = settingsOf(form)
  if (!id.success) return UNKNOWN
  if (!parsed.success) return invalid(parsed.error)
  try {
    if (!(await updateOidcClient(id.data, parsed.data))) return UNKNOWN
    await audit({ kind: 'admin.action', actorId: actor.actorId, ip: actor.ip, client: 'admin', detail: { action: 'oidc_client.update', clientId: id.data } })
    revalidatePath('/admin/clients')
    return { ok: true, message: 'admin.results.clientSaved' }
  } catch (e) {
    return refused(e)
  }
}

export async function deleteClientAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const { actor } = await requireAdmin('/admin/clients')
  const id = z.string().min(1).max(200).safeParse(form.get('id'))
  if (!id.success || !(await deleteOidcClient(id.data))) return UNKNOWN
  await audit({ kind: 'admin.action', actorId: actor.actorId, ip: actor.ip, client: 'admin', detail: { action: 'oidc_client.delete', clientId: id.data } })
  revalidatePath('/admin/clients')
  return { ok: true, message: 'admin.results.clientDeleted' }
}
