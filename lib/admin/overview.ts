// Overview screen (SPEC §6): counts and sign-ins/registrations per day over 30 days. Days are
// counted in ADMIN_TIMEZONE (default Asia/Shanghai). Each number is one indexed count query
// (AuditEvent(kind, createdAt), User(createdAt), OutboxMessage(createdAt)), so the page costs the
// same with 100 000 users as with 10.
import { config } from '../config'
import { countLegacyPasswordFormats, type PasswordFormat } from '../core/legacy-passwords'
import { db } from '../db'
import { SIGNIN_LIMIT_WINDOW_SECONDS } from '../core/rules'

const CHART_DAYS = 30

/** The time zone's offset from UTC at `at`, in ms (positive east of Greenwich). */
function offsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at)
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return asUtc - Math.floor(at.getTime() / 1000) * 1000
}

/** The calendar date (YYYY-MM-DD) of `at` in the time zone. */
function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

/** The instant the calendar day `date` (YYYY-MM-DD) begins in the time zone. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number)
  const midnightUtc = Date.UTC(y, m - 1, d)
  let t = midnightUtc - offsetMs(new Date(midnightUtc), timeZone)
  t = midnightUtc - offsetMs(new Date(t), timeZone) // once more, for a DST change near midnight
  return new Date(t)
}

/** The local days ending with today's, oldest first, each with its [start, end) instants. */
export function lastDays(n: number, now: Date, timeZone: string): { date: string; start: Date; end: Date }[] {
  const today = localDate(now, timeZone)
  const [y, m, d] = today.split('-').map(Number)
  const dates = Array.from({ length: n + 1 }, (_, i) => new Date(Date.UTC(y, m - 1, d - (n - 1) + i)).toISOString().slice(0, 10))
  const starts = dates.map((date) => startOfLocalDay(date, timeZone))
  return dates.slice(0, n).map((date, i) => ({ date, start: starts[i], end: starts[i + 1] }))
}

export type Overview = {
  users: number
  disabledUsers: number
  liveSessions: number
  signInsToday: number
  smsToday: number
  days: { date: string; signIns: number; registrations: number; failures: number }[]
  /** Codes sent and not delivered today, per channel and provider (the outbox). */
  codesToday: { channel: string; provider: string; sent: number; failed: number }[]
  /** Accounts whose wrong-password counter is full right now (sign-in refused until the window ends). */
  lockedAccounts: number
  /** Users whose password hash is in a legacy format, not argon2 (#22, the importer). */
  legacyHashes: number
  /** The same, per format, with md5 (unsalted) marked weak. */
  legacyFormats: { format: Exclude<PasswordFormat, 'argon2'>; users: number; weak: boolean }[]
}

export async function overview(now = new Date(), timeZone = config().ADMIN_TIMEZONE): Promise<Overview> {
  const client = db()
  const days = lastDays(CHART_DAYS, now, timeZone)
  const today = days[days.length - 1]
  const [users, disabledUsers, liveSessions, smsToday] = await Promise.all([
    client.user.count(),
    client.user.count({ where: { status: 'disabled' } }),
    client.session.count({ where: { revokedAt: null, expiresAt: { gt: now } } }),
    client.outboxMessage.count({ where: { channel: 'sms', createdAt: { gte: today.start, lt: today.end } } }),
  ])
  const perDay = await Promise.all(
    days.map(async (d) => ({
      date: d.date,
      signIns: await client.auditEvent.count({ where: { kind: 'signin.success', createdAt: { gte: d.start, lt: d.end } } }),
      registrations: await client.user.count({ where: { createdAt: { gte: d.start, lt: d.end } } }),
      failures: await client.auditEvent.count({ where: { kind: 'signin.failure', createdAt: { gte: d.start, lt: d.end } } }),
    })),
  )
  const [codesToday, lockedAccounts, formats] = await Promise.all([codesOn(today), lockedAccountCount(now), countLegacyPasswordFormats()])
  const legacyFormats = formats.filter((f): f is Overview['legacyFormats'][number] => f.format !== 'argon2' && f.users > 0)
  return {
    users,
    disabledUsers,
    liveSessions,
    signInsToday: perDay[perDay.length - 1].signIns,
    smsToday,
    days: perDay,
    codesToday,
    lockedAccounts,
    legacyHashes: legacyFormats.reduce((n, f) => n + f.users, 0),
    legacyFormats,
  }
}

async function codesOn(day: { start: Date; end: Date }): Promise<Overview['codesToday']> {
  // Every provider records each code it sends in the outbox, with its result (lib/providers/record.ts).
  const groups = await db().outboxMessage.groupBy({
    by: ['channel', 'provider', 'result'],
    where: { createdAt: { gte: day.start, lt: day.end }, purpose: { not: 'notice' } },
    _count: { _all: true },
  })
  const rows = new Map<string, { channel: string; provider: string; sent: number; failed: number }>()
  for (const g of groups) {
    const k = `${g.channel}/${g.provider}`
    const row = rows.get(k) ?? { channel: g.channel, provider: g.provider, sent: 0, failed: 0 }
    if (g.result === 'sent') row.sent += g._count._all
    else row.failed += g._count._all
    rows.set(k, row)
  }
  return [...rows.values()].sort((a, b) => a.channel.localeCompare(b.channel) || a.provider.localeCompare(b.provider))
}

/** Per-account wrong-password counters (lib/core/signin-limits.ts) at the limit within their window. */
async function lockedAccountCount(now: Date): Promise<number> {
  const since = new Date(now.getTime() - SIGNIN_LIMIT_WINDOW_SECONDS * 1000)
  return db().rateLimit.count({
    where: { key: { startsWith: 'signin:user' }, windowStart: { gt: since }, count: { gte: config().LOGIN_LIMIT_PER_MINUTE } },
  })
}
