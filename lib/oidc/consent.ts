// Consents to OpenID Connect clients: remembered per user and client (OidcConsent), so a second
// sign-in to the same app with the same scopes asks nothing; listed on /account ("connected apps")
// with "revoke", which forgets the consent and ends every grant of that app for the user (their
// tokens with them). No oidc-provider import: the account page reads this.
import { db } from '../db'
import { audit } from '../core/audit'

const scopeSet = (scopes: string) => new Set(scopes.split(/\s+/).filter(Boolean))

/** Whether the user consented to these scopes for the client before. */
export async function consentCovers(userId: number, clientId: string, scopes: string): Promise<boolean> {
  const row = await db().oidcConsent.findUnique({ where: { userId_clientId: { userId, clientId } } })
  if (!row) return false
  const given = scopeSet(row.scopes)
  return [...scopeSet(scopes)].every((s) => given.has(s))
}

export async function rememberConsent(userId: number, clientId: string, scopes: string, sessionId: string): Promise<void> {
  const row = await db().oidcConsent.findUnique({ where: { userId_clientId: { userId, clientId } } })
  const merged = [...new Set([...scopeSet(row?.scopes ?? ''), ...scopeSet(scopes)])].join(' ')
  await db().oidcConsent.upsert({
    where: { userId_clientId: { userId, clientId } },
    create: { userId, clientId, scopes: merged },
    update: { scopes: merged },
  })
  await audit({ kind: 'oidc.consent', userId, sessionId, client: 'oidc', detail: { clientId, scopes: merged } })
}

export type ConnectedApp = { clientId: string; name: string; scopes: string[]; since: Date }

/** The apps a user consented to (the account page's list). */
export async function connectedApps(userId: number): Promise<ConnectedApp[]> {
  const rows = await db().oidcConsent.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } })
  const clients = await db().oAuthClient.findMany({ where: { id: { in: rows.map((r) => r.clientId) } }, select: { id: true, name: true } })
  return rows.map((r) => ({
    clientId: r.clientId,
    name: clients.find((c) => c.id === r.clientId)?.name ?? r.clientId,
    scopes: [...scopeSet(r.scopes)],
    since: r.createdAt,
  }))
}

/** Forgets the consent and ends the user's grants of that client (and so their tokens). */
export async function revokeConsent(
  userId: number,
  userUuid: string,
  clientId: string,
  ctx: { sessionId?: string; ip?: string | null } = {},
): Promise<boolean> {
  const { count } = await db().oidcConsent.deleteMany({ where: { userId, clientId } })
  const grants = await db().oidcModel.findMany({
    where: {
      kind: 'Grant',
      AND: [{ payload: { contains: `"accountId":${JSON.stringify(userUuid)}` } }, { payload: { contains: `"clientId":${JSON.stringify(clientId)}` } }],
    },
    select: { id: true },
  })
  const ids = grants.map((g) => g.id)
  if (ids.length > 0) await db().oidcModel.deleteMany({ where: { OR: [{ grantId: { in: ids } }, { kind: 'Grant', id: { in: ids } }] } })
  if (count > 0)
    await audit({
      kind: 'oidc.consent_revoked',
      userId,
      sessionId: ctx.sessionId ?? null,
      ip: ctx.ip ?? null,
      client: 'oidc',
      detail: { clientId, grants: ids.length },
    })
  return count > 0
}

export type PendingInteraction = { uid: string; clientId: string; clientName: string; scopes: string[] }

/** The sign-in request an interaction page shows (the provider's Interaction row), or null when it expired. */
export async function pendingInteraction(uid: string): Promise<PendingInteraction | null> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(uid)) return null
  const row = await db().oidcModel.findUnique({ where: { kind_id: { kind: 'Interaction', id: uid } } })
  if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null
  const payload = JSON.parse(row.payload) as { params?: { client_id?: unknown; scope?: unknown } }
  const clientId = String(payload.params?.client_id ?? '')
  const client = await db().oAuthClient.findUnique({ where: { id: clientId }, select: { name: true } })
  if (!client) return null
  return { uid, clientId, clientName: client.name, scopes: [...scopeSet(String(payload.params?.scope ?? 'openid'))] }
}
