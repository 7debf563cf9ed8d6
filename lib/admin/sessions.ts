// Sessions screen (SPEC §6): every live session of every dialect and the browser, filtered by user
// and dialect; an admin can end any of them (every token of it is refused from the next request on).
import { db, Prisma } from '../db'
import { revokeSession } from '../core/sessions'
import { AdminError } from './errors'
import { paging, pageOf, type Page } from './paging'
import { matchingUserIds, type Actor } from './users'

export type SessionRow = {
  id: string
  userId: number
  userName: string
  client: string
  clientGroup: string | null
  createdAt: Date
  lastUsedAt: Date
  expiresAt: Date
  ip: string | null
  userAgent: string | null
}

export async function listLiveSessions(
  input: { user?: string; userId?: number; client?: string; page?: number; pageSize?: number } = {},
): Promise<Page<SessionRow>> {
  const p = paging(input.page, input.pageSize)
  // Any part of a name, phone (its last digits) or email, as on the users screen: the sessions of the
  // newest 1000 users it matches.
  const userIds = input.user ? await matchingUserIds(input.user, 1000) : undefined
  const where: Prisma.SessionWhereInput = {
    revokedAt: null,
    expiresAt: { gt: new Date() },
    ...(input.userId ? { userId: input.userId } : {}),
    ...(input.client ? { client: input.client } : {}),
    ...(userIds ? { userId: { in: input.userId ? userIds.filter((u) => u === input.userId) : userIds } } : {}),
  }
  const [total, rows] = await Promise.all([
    db().session.count({ where }),
    db().session.findMany({
      where,
      orderBy: [{ lastUsedAt: 'desc' }, { id: 'asc' }],
      skip: p.skip,
      take: p.pageSize,
      include: { user: { select: { name: true } } },
    }),
  ])
  return pageOf(
    rows.map(({ user, ...s }) => ({
      id: s.id,
      userId: s.userId,
      userName: user.name,
      client: s.client,
      clientGroup: s.clientGroup,
      createdAt: s.createdAt,
      lastUsedAt: s.lastUsedAt,
      expiresAt: s.expiresAt,
      ip: s.ip,
      userAgent: s.userAgent,
    })),
    total,
    p,
  )
}

/** Ends one session; its audit row (kind session.revoked, reason admin) names the admin. */
export async function adminRevokeSession(sessionId: string, actor: Actor): Promise<void> {
  const ok = await revokeSession(sessionId, 'admin', { actorId: actor.actorId, ip: actor.ip })
  if (!ok) throw new AdminError('not_found', 'sessionGone')
}
