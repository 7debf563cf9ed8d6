// What any dialect can say about a token it issued, for the standards endpoints (RFC 7662
// introspection, RFC 7009 revocation, /api/me). Each dialect implements `TokenInspector` in
// lib/dialects/<name>/introspect.ts; lib/http/standards asks each in turn.

export type TokenInfo = {
  /** False when the token is this dialect's but expired, revoked, or replaced. */
  active: boolean
  /** The id of the dialect that issued it. */
  dialect: string
  tokenType: 'access' | 'refresh'
  userId: number
  sessionId: string
  /** Unix seconds. */
  exp?: number
  iat?: number
  jti?: string
}

export type TokenInspector = {
  /** null when the token is not one of this dialect's (wrong format, signature, or unknown). */
  inspect(token: string): Promise<TokenInfo | null>
}
