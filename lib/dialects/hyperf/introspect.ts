// What the standards endpoints (introspection, revocation, /api/me) learn about a Hyperf jwt:
// null unless its signature is ours and it carries our claims; inactive when expired, not yet
// valid, its session ended, or (an access jwt) refreshed away.
import type { TokenInspector } from '../../core/introspection'
import { dialectKeys } from '../../core/keys'
import { getLiveSession } from '../../core/sessions'
import { userOfLegacyId } from '../../core/legacy-ids'
import { phpJwtDecode } from './php-jwt'
import { CLIENT, issuer, LEEWAY_SECONDS, timeZone, TOKENS } from './profile'
import { isHyperfClaims, jwtData } from './tokens'

export const inspector: TokenInspector = {
  async inspect(token) {
    if (typeof token !== 'string' || token.split('.').length !== 3) return null
    const out = await phpJwtDecode(token, await dialectKeys(TOKENS), { leeway: LEEWAY_SECONDS, timeZone: timeZone() })
    // Without a payload the signature did not verify: not our token.
    const payload = out.payload
    if (!payload || !isHyperfClaims(payload)) return null
    const session = await getLiveSession(payload.sid)
    const data = jwtData(payload)
    const uid = typeof data === 'object' && data !== null && typeof data.uid === 'number' ? data.uid : null
    // `uid` is the user's Hyperf id (lib/core/legacy-ids.ts); the answer names our user.
    const userId = session?.userId ?? (uid === null ? null : ((await userOfLegacyId(CLIENT, String(uid))) ?? uid))
    if (userId === null) return null
    const active =
      out.ok && payload.iss === issuer() && session !== null && session.client === CLIENT && (payload.typ === 'refresh' || session.currentJti === payload.jti)
    return { active, dialect: 'hyperf', tokenType: payload.typ, userId, sessionId: payload.sid, exp: payload.exp, iat: payload.iat, jti: payload.jti }
  },
}
