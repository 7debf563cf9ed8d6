// Every dialect's TokenInspector (lib/core/introspection.ts), asked in turn by the standards
// endpoints. Each returns null for a token that is not its own, so the order only matters for
// speed: the JWT dialects first, the opaque ones last.
import { isAuthError } from '../../core/errors'
import type { TokenInfo, TokenInspector } from '../../core/introspection'
import { DIALECTS } from '../../dialects'

const inspectors: TokenInspector[] = [...DIALECTS.filter((d) => d.tokens.format === 'jwt'), ...DIALECTS.filter((d) => d.tokens.format !== 'jwt')].map(
  (d) => d.inspector,
)

/** What the dialect that issued `token` says about it; null when no dialect knows it. */
export async function inspectToken(token: string): Promise<TokenInfo | null> {
  for (const inspector of inspectors) {
    let info: TokenInfo | null
    try {
      info = await inspector.inspect(token)
    } catch (e) {
      // An inspector should answer null for a token it cannot read; a typed refusal means the same.
      // Not "unavailable": the database being down says nothing about the token (a 503, not a 401).
      if (isAuthError(e) && e.kind !== 'unavailable') continue
      throw e
    }
    if (info) return info
  }
  return null
}
