// Audit log screen (SPEC §6): filter by user, event kind and time range; newest first, paginated.
import { db, Prisma } from '../db'
import { paging, pageOf, type Page } from './paging'
import { csvRow, matchingUserIds } from './users'

export type AuditRow = {
  id: number
  kind: string
  userId: number | null
  userName: string | null
  actorId: number | null
  actorName: string | null
  sessionId: string | null
  client: string | null
  ip: string | null
  detail: string | null
  createdAt: Date
}

export type AuditFilter = { user?: string; userId?: number; kind?: string; from?: Date; to?: Date; page?: number; pageSize?: number }

export async function listAudit(input: AuditFilter = {}): Promise<Page<AuditRow>> {
  const p = paging(input.page, input.pageSize)
  let userIds: number[] | undefined
  if (input.userId !== undefined) userIds = [input.userId]
  // Any part of a name, phone or email can match many users: the log is filtered by the newest 100 of them.
  else if (input.user) userIds = await matchingUserIds(input.user, 100)
  const where: Prisma.AuditEventWhereInput = {
    ...(userIds ? { OR: [{ userId: { in: userIds } }, { actorId: { in: userIds } }] } : {}),
    ...(input.kind ? { kind: input.kind } : {}),
    ...(input.from || input.to ? { createdAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: input.to } : {}) } } : {}),
  }
  const [total, events] = await Promise.all([
    db().auditEvent.count({ where }),
    db().auditEvent.findMany({ where, orderBy: { id: 'desc' }, skip: p.skip, take: p.pageSize }),
  ])
  const names = new Map(
    (
      await db().user.findMany({
        where: { id: { in: [...new Set(events.flatMap((e) => [e.userId, e.actorId]).filter((x): x is number => x !== null))] } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  )
  const rows = events.map((e) => ({
    ...e,
    userName: e.userId !== null ? (names.get(e.userId) ?? null) : null,
    actorName: e.actorId !== null ? (names.get(e.actorId) ?? null) : null,
  }))
  return pageOf(rows, total, p)
}

/** Every event kind present in the log, for the filter's choices. */
export async function auditKinds(): Promise<string[]> {
  const rows = await db().auditEvent.groupBy({ by: ['kind'], orderBy: { kind: 'asc' } })
  return rows.map((r) => r.kind)
}

/** An event's JSON detail as readable pairs (nested values as compact JSON); a non-JSON detail as one pair. */
export function detailPairs(detail: string | null): [string, string][] {
  if (!detail) return []
  try {
    const v: unknown = JSON.parse(detail)
    if (v && typeof v === 'object' && !Array.isArray(v))
      return Object.entries(v).map(([k, x]) => [k, x === null ? '—' : typeof x === 'object' ? JSON.stringify(x) : String(x)])
    return [['detail', String(v)]]
  } catch {
    return [['detail', detail]]
  }
}

const CSV_MAX_EVENTS = 100_000

/** A filtered view of the log as CSV, newest first (at most 100 000 events). */
export async function exportAuditCsv(filter: Omit<AuditFilter, 'page' | 'pageSize'>, label: (kind: string) => string): Promise<string> {
  const lines = [csvRow(['id', 'time', 'event', 'kind', 'user_id', 'user', 'actor_id', 'actor', 'client', 'ip', 'detail'])]
  const pageSize = 500
  for (let page = 1; (page - 1) * pageSize < CSV_MAX_EVENTS; page++) {
    const r = await listAudit({ ...filter, page, pageSize })
    for (const e of r.rows)
      lines.push(
        csvRow([
          e.id,
          e.createdAt.toISOString(),
          label(e.kind),
          e.kind,
          e.userId,
          e.userName,
          e.actorId,
          e.actorName,
          e.client,
          e.ip,
          detailPairs(e.detail)
            .map(([k, v]) => `${k}=${v}`)
            .join('; '),
        ]),
      )
    if (page >= r.pages) break
  }
  return lines.join('\r\n') + '\r\n'
}
