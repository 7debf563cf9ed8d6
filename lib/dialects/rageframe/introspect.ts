// What the RageFrame dialect says about one of its opaque tokens, for the standards endpoints
// (lib/core/introspection.ts): null unless the token is in its format and known (by its hash).
import { sha256 } from '../../core/ids'
import type { TokenInspector } from '../../core/introspection'
import { findSessionById, getLiveSession } from '../../core/sessions'
import { findAccessTokenByHash, findRefreshTokenByHash } from '../../core/store'
import { findUserById } from '../../core/users'
import { isActive } from '../../core/rules'
import { CLIENT, TOKEN_FORMAT } from './profile'

const seconds = (d: Date) => Math.floor(d.getTime() / 1000)

export const inspector: TokenInspector = {
  async inspect(token) {
    if (!TOKEN_FORMAT.test(token)) return null
    const hash = sha256(token)
    // Prepared statements (core/store.ts): /api/me and introspection with a RageFrame token are token checks (issue 28).
    const access = await findAccessTokenByHash(hash)
    const refresh = access ? null : await findRefreshTokenByHash(hash)
    const row = access ?? refresh
    if (!row) return null
    const live = await getLiveSession(row.sessionId)
    const session = live ?? (await findSessionById(row.sessionId))
    if (!session || session.client !== CLIENT) return null
    const unspent = access ? access.revokedAt === null : refresh!.spentAt === null
    const user = await findUserById(session.userId)
    const active = unspent && row.expiresAt.getTime() > Date.now() && user !== null && isActive(user) && live !== null
    return {
      active,
      dialect: 'rageframe',
      tokenType: access ? 'access' : 'refresh',
      userId: session.userId,
      sessionId: row.sessionId,
      exp: seconds(row.expiresAt),
      iat: seconds(row.createdAt),
    }
  },
}
