// The signing keys of each JWT dialect (SPEC §4). Default: HS256 with the dialect's own secret
// (THINKSNS_JWT_SECRET, HYPERF_JWT_KEY, FLASK_JWT_SECRET_KEY, each derived from AUTH_SECRET when
// unset). The first key signs; every key verifies (so a rotated-out key keeps verifying until its
// tokens expire).
import { config } from '../config'
import { hmacKey, type JwtKey } from './jwt'

export type JwtDialect = 'thinksns' | 'hyperf' | 'flask'

export async function dialectKeys(dialect: JwtDialect): Promise<JwtKey[]> {
  return [await hmacKey(config().jwtSecrets[dialect])]
}
