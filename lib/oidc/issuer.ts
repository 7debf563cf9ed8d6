// The OpenID Connect provider as a signer of the existing asymmetric keys (lib/core/signing-keys.ts):
// its keys are rows of SigningKey with kids `oidc-…`, rotated by `npm run keys:rotate` like the
// dialects' and published in the one JWKS (/.well-known/jwks.json). No oidc-provider import here:
// the JWKS handler (both servers) reads this.
import { config } from '../config'
import type { JwtIssuer } from '../core/issuer'
import type { AsymmetricAlg } from '../core/signing-keys'

export const OIDC_ISSUER: JwtIssuer = {
  id: 'oidc',
  // Never read: the provider always signs with an asymmetric key (id_tokens are verified by others).
  secretSetting: 'AUTH_SECRET',
  lifetimes: [
    { setting: 'OIDC_ID_TOKEN_TTL_SECONDS', unit: 'seconds' },
    { setting: 'OIDC_ACCESS_TOKEN_TTL_SECONDS', unit: 'seconds' },
  ],
}

/** JWT_SIGNING_ALG when it is asymmetric; else ES256 (an id_token must be verifiable from the JWKS). */
export function oidcAlg(): AsymmetricAlg {
  const alg = config().JWT_SIGNING_ALG
  return alg === 'HS256' ? 'ES256' : alg
}
