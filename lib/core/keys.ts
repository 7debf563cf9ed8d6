// The signing keys of each JWT dialect (SPEC §4): the one place every dialect gets them. The first
// key signs; every key verifies (so a rotated-out key keeps verifying until its tokens expire).
// A dialect names itself to the core as a `JwtIssuer` (its token profile in
// lib/dialects/<name>/profile.ts): the core reads the settings the profile names and never names a
// dialect itself.
//
// JWT_SIGNING_ALG=HS256 (default): the issuer's own secret (its `secretSetting`, e.g.
// HYPERF_JWT_KEY, derived from AUTH_SECRET as `<id>-jwt` when unset), no kid.
// JWT_SIGNING_ALG=ES256 | EdDSA: the issuer's current asymmetric key (with its kid, which signJwt
// puts in the header) and its still-published previous keys, from signing-keys.ts. Only these
// keys' algorithms are then accepted: an HS256 token is refused whatever it was signed with.
import { config, deriveSecret, type Config } from '../config'
import type { JwtIssuer } from './issuer'
import { hmacKey, type JwtKey } from './jwt'
import { asymmetricDialectKeys } from './signing-keys'

export type { JwtIssuer } from './issuer'

// Worked out once per settings object: dialectKeys runs on every token check.
const secrets = new WeakMap<JwtIssuer, { settings: Config; secret: string }>()

/** The HS256 secret of an issuer: its setting, else a key derived from AUTH_SECRET. */
export function issuerSecret(issuer: JwtIssuer): string {
  const c = config()
  const hit = secrets.get(issuer)
  if (hit && hit.settings === c) return hit.secret
  const secret = (c[issuer.secretSetting] as string | undefined) ?? deriveSecret(c.authSecret, `${issuer.id}-jwt`)
  secrets.set(issuer, { settings: c, secret })
  return secret
}

export async function dialectKeys(issuer: JwtIssuer): Promise<JwtKey[]> {
  const alg = config().JWT_SIGNING_ALG
  if (alg === 'HS256') return [await hmacKey(issuerSecret(issuer))]
  return asymmetricDialectKeys(issuer, alg)
}
