// A JWT dialect's keys and HS256 secret by its id, for tests that sign or check tokens by hand.
import { dialectKeys, issuerSecret } from '@/lib/core/keys'
import { JWT_ISSUERS } from '@/lib/dialects'

export type JwtDialectId = (typeof JWT_ISSUERS)[number]['id']

export function issuerOf(id: JwtDialectId) {
  const issuer = JWT_ISSUERS.find((i) => i.id === id)
  if (!issuer) throw new Error(`${id} does not sign JWTs`)
  return issuer
}

export const keysOf = (id: JwtDialectId) => dialectKeys(issuerOf(id))

export const secretOf = (id: JwtDialectId) => issuerSecret(issuerOf(id))
