// What the standards endpoints (introspection, revocation, /api/me) learn about a ThinkSNS+ token
// (lib/core/introspection.ts): null when it is not ours; inactive when expired, its session ended,
// or a refresh replaced it.
import type { TokenInspector } from '../../core/introspection'
import { getLiveSession } from '../../core/sessions'
import { userOfLegacyId } from '../../core/legacy-ids'
import { findUserById } from '../../core/users'
import { CLIENT } from './profile'
import { isSubjectOf, verifiedPayload } from './tokens'

export const inspector: TokenInspector = {
  async inspect(token) {
    const p = await verifiedPayload(token)
    if (!p || typeof p.sub !== 'number' || typeof p.sid !== 'string' || typeof p.exp !== 'number') return null
    const session = await getLiveSession(p.sid)
    // `sub` is the user's ThinkSNS+ id (lib/core/legacy-ids.ts); the answer names our user.
    const user = session ? await findUserById(session.userId) : null
    const active =
      p.exp > Math.floor(Date.now() / 1000) &&
      session !== null &&
      session.client === CLIENT &&
      user !== null &&
      (await isSubjectOf(p.sub, user)) &&
      session.currentJti === p.jti
    return {
      active,
      dialect: 'thinksns',
      tokenType: 'access',
      userId: user?.id ?? (await userOfLegacyId(CLIENT, String(p.sub))) ?? p.sub,
      sessionId: p.sid,
      exp: p.exp,
      iat: typeof p.iat === 'number' ? p.iat : undefined,
      jti: typeof p.jti === 'string' ? p.jti : undefined,
    }
  },
}
