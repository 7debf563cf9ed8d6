// The storage of the OpenID Connect provider (oidc-provider's Adapter interface) over Prisma: one
// table (OidcModel) for every model it stores, with real columns for what it looks rows up by
// (grantId, uid, userCode) and for expiry and consumption; the payload itself is JSON. Works on
// SQLite and PostgreSQL, and across instances: every read goes to the database.
//
// Two rules of this service are enforced here, on every read:
//   - the session link: a Grant carries the core session (Session.id) it was given in; a Grant, a
//     token of it, or the provider's browser session whose grant belongs to a core session that has
//     ended reads as absent. Ending the core session anywhere (account page, admin, a dialect's
//     logout, a password change) ends the OIDC grant and its tokens (lib/core/sessions.ts).
//   - the refresh grace window: a refresh token spent less than REFRESH_GRACE_SECONDS ago reads as
//     not yet spent, so a client's parallel retry gets a new pair instead of the reuse detection
//     that ends the grant (as the RageFrame dialect does; docs/decisions/0018-oidc-provider.md).
import type { Adapter, AdapterPayload } from 'oidc-provider'
import { config } from '../config'
import { db, isUniqueViolation } from '../db'
import { getLiveSession } from '../core/sessions'
import { providerMetadata } from './clients'

/** The provider's models that belong to a grant (their payload has grantId). */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest'])

type Row = { payload: string; expiresAt: Date | null; consumedAt: Date | null; sessionId: string | null }

/** Whether the core session behind a grant is live (a grant without a core session, e.g. none yet, counts as live). */
async function grantLive(grantId: string): Promise<boolean> {
  const grant = await db().oidcModel.findUnique({ where: { kind_id: { kind: 'Grant', id: grantId } }, select: { sessionId: true, expiresAt: true } })
  if (!grant) return false
  if (grant.expiresAt && grant.expiresAt.getTime() <= Date.now()) return false
  return grant.sessionId === null || (await getLiveSession(grant.sessionId)) !== null
}

/** Ties a grant to the core session it was given in (lib/oidc/interaction.ts, after the consent). */
export async function linkGrantToSession(grantId: string, sessionId: string): Promise<void> {
  await db().oidcModel.updateMany({ where: { kind: 'Grant', id: grantId }, data: { sessionId } })
}

/** The core session of a grant, if any. */
async function sessionOfGrant(grantId: string): Promise<string | null> {
  const row = await db().oidcModel.findUnique({ where: { kind_id: { kind: 'Grant', id: grantId } }, select: { sessionId: true } })
  return row?.sessionId ?? null
}

export class PrismaAdapter implements Adapter {
  constructor(private readonly kind: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const data = {
      payload: JSON.stringify(payload),
      grantId: typeof payload.grantId === 'string' ? payload.grantId : null,
      uid: typeof payload.uid === 'string' ? payload.uid : null,
      userCode: typeof payload.userCode === 'string' ? payload.userCode : null,
      expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
    }
    const where = { kind_id: { kind: this.kind, id } }
    // The provider's Session rows take the core session of their first grant, so the browser's OIDC
    // session ends with it (read in find()).
    const sessionId = this.kind === 'Session' ? await this.sessionOfAuthorizations(payload) : undefined
    const withSession = sessionId !== undefined ? { ...data, sessionId } : data
    try {
      await db().oidcModel.upsert({ where, create: { kind: this.kind, id, ...withSession }, update: withSession })
    } catch (e) {
      // Two instances inserting one id at once (PostgreSQL): the second one updates.
      if (!isUniqueViolation(e)) throw e
      await db().oidcModel.update({ where, data: withSession })
    }
  }

  private async sessionOfAuthorizations(payload: AdapterPayload): Promise<string | null | undefined> {
    const auth = payload.authorizations as Record<string, { grantId?: string }> | undefined
    for (const a of Object.values(auth ?? {})) {
      if (a.grantId) {
        const sid = await sessionOfGrant(a.grantId)
        if (sid) return sid
      }
    }
    return undefined
  }

  private async live(row: Row | null): Promise<AdapterPayload | undefined> {
    if (!row) return undefined
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return undefined
    const payload = JSON.parse(row.payload) as AdapterPayload
    if (this.kind === 'Grant' || this.kind === 'Session') {
      if (row.sessionId && !(await getLiveSession(row.sessionId))) return undefined
    } else if (GRANTABLE.has(this.kind) && typeof payload.grantId === 'string') {
      if (!(await grantLive(payload.grantId))) return undefined
    }
    if (row.consumedAt) {
      const grace = config().REFRESH_GRACE_SECONDS * 1000
      const inGrace = this.kind === 'RefreshToken' && Date.now() - row.consumedAt.getTime() < grace
      if (!inGrace) payload.consumed = Math.floor(row.consumedAt.getTime() / 1000)
    }
    return payload
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (id.length > 512) return undefined
    if (this.kind === 'Client') {
      const row = await db().oAuthClient.findUnique({ where: { id } })
      return row ? (providerMetadata(row) as AdapterPayload) : undefined
    }
    return this.live(await db().oidcModel.findUnique({ where: { kind_id: { kind: this.kind, id } } }))
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.live(await db().oidcModel.findFirst({ where: { kind: this.kind, uid } }))
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.live(await db().oidcModel.findFirst({ where: { kind: this.kind, userCode } }))
  }

  async consume(id: string): Promise<void> {
    // The first consumption counts (the grace window runs from it).
    await db().oidcModel.updateMany({ where: { kind: this.kind, id, consumedAt: null }, data: { consumedAt: new Date() } })
  }

  async destroy(id: string): Promise<void> {
    await db().oidcModel.deleteMany({ where: { kind: this.kind, id } })
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await db().oidcModel.deleteMany({ where: { grantId } })
  }
}
