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
    return { ok: false, message: `Check ${String(e.detail.field)} (${String(e.detail.reason)}).`, field: String(e.detail.field) }
  throw e
}

export async function createClientAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const { actor } = await requireAdmin('/admin/clients')
  const parsed = settingsOf(form)
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'Check the form.', field: parsed.error.issues[0]?.path.join('.') }
  try {
    const c = await createOidcClient(parsed.data)
    await audit({ kind: 'admin.action', actorId: actor.actorId, ip: actor.ip, client: 'admin', detail: { action: 'oidc_client.create', clientId: c.id } })
    revalidatePath('/admin/clients')
    return { ok: true, message: c.secret ? `Client ${c.id} created. Its secret, shown this once: ${c.secret}` : `Public client ${c.id} created.` }
  } catch (e) {
    return refused(e)
  }
}

export async function updateClientAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const { actor } = await requireAdmin('/admin/clients')
  const id = z.string().min(1).max(200).safeParse(form.get('id'))
  const parsed = settingsOf(form)
  if (!id.success) return { ok: false, message: 'Unknown client.' }
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'Check the form.', field: parsed.error.issues[0]?.path.join('.') }
  try {
    if (!(await updateOidcClient(id.data, parsed.data))) return { ok: false, message: 'Unknown client.' }
    await audit({ kind: 'admin.action', actorId: actor.actorId, ip: actor.ip, client: 'admin', detail: { action: 'oidc_client.update', clientId: id.data } })
    revalidatePath('/admin/clients')
    return { ok: true, message: 'Client saved.' }
  } catch (e) {
    return refused(e)
  }
}

export async function deleteClientAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const { actor } = await requireAdmin('/admin/clients')
  const id = z.string().min(1).max(200).safeParse(form.get('id'))
  if (!id.success || !(await deleteOidcClient(id.data))) return { ok: false, message: 'Unknown client.' }
  await audit({ kind: 'admin.action', actorId: actor.actorId, ip: actor.ip, client: 'admin', detail: { action: 'oidc_client.delete', clientId: id.data } })
  revalidatePath('/admin/clients')
  return { ok: true, message: 'Client deleted, with its grants and tokens.' }
}
