// Sessions (SPEC §3): every sign-in, in any dialect or the browser, is one row. Every token names
// its session; ending the session ends all its tokens.
//
// Checking a token asks whether its session is live. To keep that off the database on every
// request, a live answer is cached in-process for at most SESSION_CACHE_MS (default 1000 ms): a
// session revoked on another instance is refused there within that bound; on the instance that
// revoked it, at once. Only live sessions are cached: a revoked session never becomes live again,
// so there is no stale refusal to worry about. Why this is safe: docs/decisions/0003-session-cache.md.
import { config } from '../config'
import { db, type Tx } from '../db'
import { countSessionCache } from '../metrics'
import type { Session } from '../generated/sqlite/client'
import { newId } from './ids'
import { findSession, insertSession, swapCurrentJti } from './store'
import { isIdle, SESSION_TOUCH_SECONDS } from './rules'

export type { Session }

/**
 * The clients a session can belong to: the browser here, and every dialect's id, which
 * lib/dialects/index.ts adds to this interface from its DIALECTS list (the core names no dialect).
 * @public (exported for that module augmentation; knip sees no import)
 */
export interface SessionClients {
  browser: true
}
export type SessionClient = keyof SessionClients & string

export type NewSession = {
  userId: number
  client: SessionClient
  group?: string | null
  ip?: string | null
  userAgent?: string | null
  ttlSeconds: number
}

/**
 * Opens a session for a user who is active at this moment, checked in the insert itself (store.ts):
 * AuthError user_disabled if an admin disabled them since their password was checked.
 */
export async function createSession(input: NewSession, client?: Tx): Promise<Session> {
  const now = new Date()
  const session: Session = {
    id: newId(),
    userId: input.userId,
    client: input.client,
    clientGroup: input.group ?? null,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 512) ?? null,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: new Date(now.getTime() + input.ttlSeconds * 1000),
    // Every session starts with a sign-in: the person has just proved who they are.
    authAt: now,
    currentJti: null,
    revokedAt: null,
    revokeReason: null,
  }
  // Plain SQL outside a transaction (store.ts): every sign-in opens a session.
  return insertSession(session, client)
}

type CacheEntry = { session: Session; until: number }
const CACHE_MAX = 50_000

// One cache per process, kept on globalThis: under server.ts this module is loaded twice (once by
// tsx for the fast path, once inside Next's server bundle), and a revocation through either copy
// must clear the answer both copies read.
// `epoch` counts forgets: a lookup that started before a revocation on this instance must not put
// its (now stale) "live" answer in the cache after the revocation cleared it.
type SessionCache = { entries: Map<string, CacheEntry>; epoch: number }
const g = globalThis as unknown as { identitySessionCache?: SessionCache }
const shared: SessionCache = (g.identitySessionCache ??= { entries: new Map(), epoch: 0 })
const cache = shared.entries

function forget(id: string) {
  shared.epoch++
  cache.delete(id)
}

function isLive(s: Session, now = Date.now()): boolean {
  return s.revokedAt === null && s.expiresAt.getTime() > now
}

/**
 * One session by id, live or not, in plain SQL (store.ts): this read runs on every token check
 * whose cached answer has lapsed, and on every refresh.
 */
export async function findSessionById(id: string): Promise<Session | null> {
  return findSession(id)
}

/** The session if it is live (not revoked, not expired), else null. Cached up to SESSION_CACHE_MS. */
export async function getLiveSession(id: string): Promise<Session | null> {
  const now = Date.now()
  const hit = cache.get(id)
  const fresh = hit !== undefined && hit.until > now
  countSessionCache(fresh)
  if (fresh) return isLive(hit.session, now) ? hit.session : null
  const epoch = shared.epoch
  const s = await findSessionById(id)
  if (!s || !isLive(s, now)) {
    cache.delete(id)
    return null
  }
  const ttl = config().SESSION_CACHE_MS
  // The bound counts from before the read, so no answer is trusted longer than SESSION_CACHE_MS
  // after the database gave it.
  if (ttl > 0 && shared.epoch === epoch) {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string)
    cache.set(id, { session: s, until: now + ttl })
  }
  return s
}

/**
 * The session read again from the database, past the cache (and cached anew): for an answer the
 * cached row may be too old to give, such as a jti set by a refresh on another instance.
 */
export async function reloadLiveSession(id: string): Promise<Session | null> {
  cache.delete(id)
  return getLiveSession(id)
}

/** Marks the session used, at most once a minute per session (no write on every request). */
export async function touchSession(s: Session, ip?: string | null): Promise<void> {
  if (Date.now() - s.lastUsedAt.getTime() < SESSION_TOUCH_SECONDS * 1000) return
  const lastUsedAt = new Date()
  s.lastUsedAt = lastUsedAt
  await db().session.updateMany({ where: { id: s.id }, data: { lastUsedAt, ...(ip ? { ip } : {}) } })
}

export type RevokeReason = 'logout' | 'admin' | 'user' | 'password_changed' | 'user_disabled' | 'replaced' | 'refresh_reuse' | 'oauth_revoke' | 'idle'

/**
 * Ends the session (reason 'idle') when it has not been used for longer than `idleMinutes`; true
 * if it is (now) ended. Read lastUsedAt before touching the session for this request.
 */
export async function endIfIdle(s: Session, idleMinutes: number, now: number = Date.now()): Promise<boolean> {
  if (!isIdle(s.lastUsedAt, idleMinutes, now)) return false
  await revokeSession(s.id, 'idle')
  return true
}

/** Records that the person just proved who they are again in this session (password or code re-entered). */
export async function markSessionAuthenticated(id: string): Promise<void> {
  forget(id)
  await db().session.updateMany({ where: { id, revokedAt: null }, data: { authAt: new Date() } })
  forget(id)
}

/** Ends one session, with its audit row in the same transaction. Returns false if it was not live. */
export async function revokeSession(id: string, reason: RevokeReason, ctx: { actorId?: number | null; ip?: string | null } = {}): Promise<boolean> {
  forget(id)
  const s = await findSessionById(id)
  if (!s || s.revokedAt) return false
  const [res] = await db().$transaction([
    db().session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date(), revokeReason: reason } }),
    db().auditEvent.create({
      data: {
        kind: 'session.revoked',
        userId: s.userId,
        actorId: ctx.actorId ?? null,
        sessionId: id,
        client: s.client,
        ip: ctx.ip ?? null,
        detail: JSON.stringify({ reason }),
      },
    }),
  ])
  forget(id)
  return res.count === 1
}

/** Ends every live session of a user (optionally of one client and group, or all but one). */
export async function revokeUserSessions(
  userId: number,
  reason: RevokeReason,
  opts: { client?: SessionClient; group?: string | null; exceptId?: string; actorId?: number | null; ip?: string | null } = {},
): Promise<number> {
  const where = {
    userId,
    revokedAt: null,
    ...(opts.client ? { client: opts.client } : {}),
    ...(opts.group !== undefined ? { clientGroup: opts.group } : {}),
    ...(opts.exceptId ? { id: { not: opts.exceptId } } : {}),
  }
  const ids = (await db().session.findMany({ where, select: { id: true } })).map((s) => s.id)
  if (ids.length === 0) return 0
  ids.forEach(forget)
  const [res] = await db().$transaction([
    db().session.updateMany({ where: { id: { in: ids }, revokedAt: null }, data: { revokedAt: new Date(), revokeReason: reason } }),
    db().auditEvent.create({
      data: {
        kind: 'session.revoked',
        userId,
        actorId: opts.actorId ?? null,
        ip: opts.ip ?? null,
        detail: JSON.stringify({ reason, sessions: ids.length, client: opts.client ?? null, group: opts.group ?? null }),
      },
    }),
  ])
  ids.forEach(forget)
  return res.count
}

/**
 * For dialects where only the newest access token of a session is valid: makes `next` the current
 * jti if the current one is still `previous` (null = any). One conditional write, so of two
 * concurrent refreshes of one token exactly one succeeds.
 */
export async function replaceCurrentJti(sessionId: string, previous: string | null, next: string): Promise<boolean> {
  const before = cache.get(sessionId)
  forget(sessionId)
  const lastUsedAt = new Date()
  // Plain SQL (store.ts): every refresh makes this write.
  const swapped = await swapCurrentJti(sessionId, previous, next, lastUsedAt)
  forget(sessionId)
  // The write just proved the session live and set its jti: keep a cached entry with the new jti
  // (the next check of the new token then needs no read). Its bound still counts from the read
  // that made the entry, so no answer is trusted longer than SESSION_CACHE_MS.
  if (swapped && before && before.until > Date.now()) {
    cache.set(sessionId, { session: { ...before.session, currentJti: next, lastUsedAt }, until: before.until })
  }
  return swapped
}

export async function listUserSessions(userId: number, opts: { liveOnly?: boolean } = { liveOnly: true }): Promise<Session[]> {
  return db().session.findMany({
    where: { userId, ...(opts.liveOnly ? { revokedAt: null, expiresAt: { gt: new Date() } } : {}) },
    orderBy: { lastUsedAt: 'desc' },
  })
}

/** Tests only. */
export function clearSessionCache(): void {
  shared.epoch++
  cache.clear()
}

/**
 * The person ends one of their own sessions (the account page): only a live session of this user
 * ends, whatever id the form sent. Returns the session it ended, or null (not theirs, or already over).
 */
export async function revokeOwnSession(userId: number, sessionId: string, ctx: { ip?: string | null } = {}): Promise<Session | null> {
  const target = await getLiveSession(sessionId)
  if (!target || target.userId !== userId) return null
  return (await revokeSession(target.id, 'user', { actorId: userId, ip: ctx.ip })) ? target : null
}
