// Audit log screen (SPEC §6): filter by user, event kind and time range; newest first, paginated.
import { db, Prisma } from '../db'
import { paging, pageOf, type Page } from './paging'
import { matchingUserIds } from './users'

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
