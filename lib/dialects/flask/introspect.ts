// What the Flask dialect says about one of its tokens, for the standards endpoints
// (lib/core/introspection.ts): null unless the token carries a valid signature of the Flask keys.
import { db } from '../../db'
import { CLOCK_SKEW_SECONDS } from '../../core/jwt'
import { dialectKeys } from '../../core/keys'
import type { TokenInspector } from '../../core/introspection'
import { getLiveSession } from '../../core/sessions'
import { isActive } from '../../core/rules'
import { CLIENT, flaskIssuer, TOKENS } from './profile'
import { pyInt, signedByUs } from './pyjwt'
import { isSubjectOf } from './handlers'

export const inspector: TokenInspector = {
  async inspect(token) {
    if (token.split('.').length !== 3) return null
    const decoded = await signedByUs(token, await dialectKeys(TOKENS))
    if (!decoded) return null
    const { payload: p } = decoded
    if ((p.type !== 'access' && p.type !== 'refresh') || typeof p.sid !== 'string' || typeof p.sub !== 'string') return null
    if ('iss' in p && p.iss !== flaskIssuer()) return null // signed by us for another issuer: not a token of this service
    const row = await db().session.findUnique({ where: { id: p.sid }, include: { user: { select: { id: true, uuid: true, status: true } } } })
    if (!row || row.client !== CLIENT || !(await isSubjectOf(p.sub, row.user))) return null
    const now = Date.now() / 1000
    const exp = pyInt(p.exp) ?? undefined
    const nbf = pyInt(p.nbf)
    const iat = pyInt(p.iat) ?? undefined
    const timely = exp !== undefined && exp > now - CLOCK_SKEW_SECONDS && (nbf === null || nbf <= now + CLOCK_SKEW_SECONDS)
    const live = timely && isActive(row.user) && (await getLiveSession(row.id)) !== null
    return {
      active: live,
      dialect: 'flask',
      tokenType: p.type,
      userId: row.userId,
      sessionId: row.id,
      exp,
      iat,
      jti: typeof p.jti === 'string' ? p.jti : undefined,
    }
  },
}
