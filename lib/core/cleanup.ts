// Deletes what is past its retention (#21 item 12): without it every verification code, limit
// counter, session, token, outbox message and audit event is kept for ever. server.ts runs it at
// start and every CLEANUP_INTERVAL_MINUTES; `npm run cleanup` (scripts/cleanup.ts) runs it once,
// for a cron.
//
// What goes, and why nothing live can:
// - verification codes a day (CLEANUP_MARGIN_SECONDS) past their expiry: a live code has not expired;
// - limit counters whose window began more than the longest window (LIMIT_WINDOW_MAX_SECONDS, which
//   hitLimit enforces) plus that day ago: their window has ended, and a missing counter is a new one;
// - access and refresh token rows a day past their expiry (a spent refresh token stays until then, so
//   its reuse is still recognised as reuse); an access token revoked more than a day ago;
// - sessions ended (revokedAt) or expired more than SESSION_RETENTION_DAYS ago, with their tokens;
// - outbox rows older than OUTBOX_RETENTION_DAYS, audit events older than AUDIT_RETENTION_DAYS.
//
// Each table is pruned in batches of CLEANUP_BATCH_SIZE rows, one short statement each, so a big
// backlog never holds SQLite's single writer (or PostgreSQL row locks) for long. Deleting by id is
// idempotent: several instances may run this at once, the one that comes second deletes nothing.
import { config } from '../config'
import { db } from '../db'
import { CLEANUP_MARGIN_SECONDS, LIMIT_WINDOW_MAX_SECONDS } from './rules'

const DAY_MS = 24 * 60 * 60 * 1000

type Counts = {
  verificationCodes: number
  rateLimits: number
  accessTokens: number
  refreshTokens: number
  sessions: number
  outboxMessages: number
  auditEvents: number
  /** expired rows of the OpenID Connect provider (OidcModel: tokens, codes, sessions, interactions, grants) */
  oidcRows: number
}

/** Runs `take` (the ids of up to `batch` rows to delete) and `remove` until a batch comes back short; the rows removed. */
async function inBatches<Id>(batch: number, take: (n: number) => Promise<Id[]>, remove: (ids: Id[]) => Promise<number>): Promise<number> {
  let removed = 0
  for (;;) {
    const ids = await take(batch)
    if (ids.length === 0) return removed
    removed += await remove(ids)
    if (ids.length < batch) return removed
    // Let waiting requests have the database between two batches.
    await new Promise((r) => setImmediate(r))
  }
}

/** Deletes every row past its retention; how many of each went. */
export async function cleanup(now: Date = new Date()): Promise<Counts> {
  const c = config()
  const batch = c.CLEANUP_BATCH_SIZE
  const ago = (ms: number) => new Date(now.getTime() - ms)
  const expired = ago(CLEANUP_MARGIN_SECONDS * 1000)
  const client = db()
  const ids = <T extends { id: unknown }>(rows: T[]) => rows.map((r) => r.id as T['id'])

  const verificationCodes = await inBatches(
    batch,
    async (take) => ids(await client.verificationCode.findMany({ where: { expiresAt: { lt: expired } }, select: { id: true }, take })),
    async (id) => (await client.verificationCode.deleteMany({ where: { id: { in: id }, expiresAt: { lt: expired } } })).count,
  )

  const windowEnded = ago((LIMIT_WINDOW_MAX_SECONDS + CLEANUP_MARGIN_SECONDS) * 1000)
  const rateLimits = await inBatches(
    batch,
    async (take) => (await client.rateLimit.findMany({ where: { windowStart: { lt: windowEnded } }, select: { key: true }, take })).map((r) => r.key),
    // The condition again: a counter whose window restarted since it was read stays.
    async (keys) => (await client.rateLimit.deleteMany({ where: { key: { in: keys }, windowStart: { lt: windowEnded } } })).count,
  )

  const deadAccess = { OR: [{ expiresAt: { lt: expired } }, { revokedAt: { lt: expired } }] }
  const accessTokens = await inBatches(
    batch,
    async (take) => ids(await client.accessToken.findMany({ where: deadAccess, select: { id: true }, take })),
    async (id) => (await client.accessToken.deleteMany({ where: { id: { in: id }, ...deadAccess } })).count,
  )
  const refreshTokens = await inBatches(
    batch,
    async (take) => ids(await client.refreshToken.findMany({ where: { expiresAt: { lt: expired } }, select: { id: true }, take })),
    async (id) => (await client.refreshToken.deleteMany({ where: { id: { in: id }, expiresAt: { lt: expired } } })).count,
  )

  const sessionCutoff = ago(c.SESSION_RETENTION_DAYS * DAY_MS)
  const ended = { OR: [{ revokedAt: { lt: sessionCutoff } }, { expiresAt: { lt: sessionCutoff } }] }
  let sessionRefresh = 0
  let sessionAccess = 0
  const sessions = await inBatches(
    batch,
    async (take) => ids(await client.session.findMany({ where: ended, select: { id: true }, take })),
    async (id) => {
      // The tokens first (the schema cascades, but not every SQLite connection enforces foreign keys).
      sessionRefresh += (await client.refreshToken.deleteMany({ where: { sessionId: { in: id } } })).count
      sessionAccess += (await client.accessToken.deleteMany({ where: { sessionId: { in: id } } })).count
      return (await client.session.deleteMany({ where: { id: { in: id }, ...ended } })).count
    },
  )

  const outboxCutoff = ago(c.OUTBOX_RETENTION_DAYS * DAY_MS)
  const outboxMessages = await inBatches(
    batch,
    async (take) => ids(await client.outboxMessage.findMany({ where: { createdAt: { lt: outboxCutoff } }, select: { id: true }, take })),
    async (id) => (await client.outboxMessage.deleteMany({ where: { id: { in: id } } })).count,
  )

  const auditCutoff = ago(c.AUDIT_RETENTION_DAYS * DAY_MS)
  const auditEvents = await inBatches(
    batch,
    async (take) => ids(await client.auditEvent.findMany({ where: { createdAt: { lt: auditCutoff } }, select: { id: true }, take })),
    async (id) => (await client.auditEvent.deleteMany({ where: { id: { in: id } } })).count,
  )

  const oidcRows = await inBatches(
    batch,
    async (take) =>
      (await client.oidcModel.findMany({ where: { expiresAt: { lt: expired } }, select: { kind: true, id: true }, take })).map((r) => `${r.kind}\u0000${r.id}`),
    async (keys) => {
      let n = 0
      for (const key of keys) {
        const [kind, id] = key.split('\u0000')
        n += (await client.oidcModel.deleteMany({ where: { kind, id, expiresAt: { lt: expired } } })).count
      }
      return n
    },
  )

  return {
    oidcRows,
    verificationCodes,
    rateLimits,
    accessTokens: accessTokens + sessionAccess,
    refreshTokens: refreshTokens + sessionRefresh,
    sessions,
    outboxMessages,
    auditEvents,
  }
}

/**
 * Runs `cleanup` now and then every `intervalMinutes` (0: never), one run at a time, each result or
 * failure handed to `report`. The timer does not keep the process alive; the returned function stops it.
 */
export function scheduleCleanup(intervalMinutes: number, report: (result: Counts | null, error?: unknown) => void): () => void {
  if (intervalMinutes === 0) return () => {}
  let running = false
  const run = async () => {
    if (running) return
    running = true
    try {
      report(await cleanup())
    } catch (e) {
      report(null, e)
    } finally {
      running = false
    }
  }
  void run()
  const timer = setInterval(() => void run(), intervalMinutes * 60_000)
  timer.unref()
  return () => clearInterval(timer)
}
