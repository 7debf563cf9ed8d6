// The signing keys of each JWT dialect (SPEC §4): the one place every dialect gets them. The first
// key signs; every key verifies (so a rotated-out key keeps verifying until its tokens expire).
//
// JWT_SIGNING_ALG=HS256 (default): the dialect's own secret (THINKSNS_JWT_SECRET, HYPERF_JWT_KEY,
// FLASK_JWT_SECRET_KEY, each derived from AUTH_SECRET when unset), no kid.
// JWT_SIGNING_ALG=ES256 | EdDSA: the dialect's current asymmetric key (with its kid, which signJwt
// puts in the header) and its still-published previous keys, from signing-keys.ts. Only these
// keys' algorithms are then accepted: an HS256 token is refused whatever it was signed with.
import { config } from '../config'
import { hmacKey, type JwtKey } from './jwt'
import { asymmetricDialectKeys, type JwtDialect } from './signing-keys'

export type { JwtDialect }

export async function dialectKeys(dialect: JwtDialect): Promise<JwtKey[]> {
  const alg = config().JWT_SIGNING_ALG
  if (alg === 'HS256') return [await hmacKey(config().jwtSecrets[dialect])]
  return asymmetricDialectKeys(dialect, alg)
}
