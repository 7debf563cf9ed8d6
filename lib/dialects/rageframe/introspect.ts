// What the RageFrame dialect says about one of its opaque tokens, for the standards endpoints
// (lib/core/introspection.ts): null unless the token is in its format and known (by its hash).
import { db } from '../../db'
import { sha256 } from '../../core/ids'
import type { TokenInspector } from '../../core/introspection'
import { getLiveSession } from '../../core/sessions'
import { isActive } from '../../core/rules'
import { CLIENT, TOKEN_FORMAT } from './profile'

const seconds = (d: Date) => Math.floor(d.getTime() / 1000)

export const inspector: TokenInspector = {
  async inspect(token) {
    if (!TOKEN_FORMAT.test(token)) return null
    const hash = sha256(token)
    const access = await db().accessToken.findUnique({ where: { tokenHash: hash }, include: { session: true } })
    const refresh = access ? null : await db().refreshToken.findUnique({ where: { tokenHash: hash }, include: { session: true } })
    const row = access ?? refresh
    if (!row || row.session.client !== CLIENT) return null
    const unspent = access ? access.revokedAt === null : refresh!.spentAt === null
    const user = await db().user.findUnique({ where: { id: row.session.userId }, select: { status: true } })
    const active = unspent && row.expiresAt.getTime() > Date.now() && user !== null && isActive(user) && (await getLiveSession(row.sessionId)) !== null
    return {
      active,
      dialect: 'rageframe',
      tokenType: access ? 'access' : 'refresh',
      userId: row.session.userId,
      sessionId: row.sessionId,
      exp: seconds(row.expiresAt),
      iat: seconds(row.createdAt),
    }
  },
}
