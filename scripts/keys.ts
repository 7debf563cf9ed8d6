// Asymmetric signing keys (JWT_SIGNING_ALG=ES256 or EdDSA; docs/standards.md).
//   npm run keys:rotate                      new key for every JWT dialect, JWT_SIGNING_ALG's algorithm
//   npm run keys:rotate -- --alg EdDSA       ... of this algorithm (set JWT_SIGNING_ALG to match)
//   npm run keys:rotate -- --dialect flask   only this dialect (one of the JWT dialects)
//   npm run keys:rotate -- --now             sign with the new key at once (see below)
//   npm run keys:rotate -- --list            show the keys and until when each stays published
//   npm run keys:rotate -- --prune           only delete keys whose tokens have all expired
//
// A new key is published at once and signs from SIGNING_KEYS_REFRESH_SECONDS later, when every
// instance has re-read the keys. The key it replaces stops signing then and stays published (and
// verifying) until every token it signed has expired: the dialect's longest token lifetime plus
// 30 s of clock skew. The next rotation (or --prune) deletes it after that.
import { parseArgs } from 'node:util'
import { config, ConfigError } from '../lib/config'
import { db } from '../lib/db'
import { describeSigningKeys, pruneSigningKeys, rotateSigningKey, type AsymmetricAlg } from '../lib/core/signing-keys'
import { JWT_ISSUERS as DIALECT_ISSUERS } from '../lib/dialects'
import { OIDC_ISSUER } from '../lib/oidc/issuer'

// The dialects' keys and the OpenID Connect provider's (docs/oidc.md): rotated and pruned alike.
const JWT_ISSUERS = [...DIALECT_ISSUERS, OIDC_ISSUER]

async function main() {
  const { values } = parseArgs({
    options: {
      alg: { type: 'string' },
      dialect: { type: 'string' },
      now: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      prune: { type: 'boolean', default: false },
    },
  })
  if (values.list) {
    for (const k of await describeSigningKeys(JWT_ISSUERS)) {
      const until = k.publishedUntil ? `published until ${k.publishedUntil.toISOString()}` : 'current'
      console.log(`${k.kid}  ${k.alg}  signs from ${k.signsFrom.toISOString()}  ${k.retiredAt ? `retired ${k.retiredAt.toISOString()}, ` : ''}${until}`)
    }
    return
  }
  if (values.prune) {
    const dropped = await pruneSigningKeys(JWT_ISSUERS)
    console.log(dropped.length ? `deleted ${dropped.join(', ')}` : 'nothing to delete')
    return
  }
  const configured = config().JWT_SIGNING_ALG
  const alg = (values.alg ?? (configured === 'HS256' ? 'ES256' : configured)) as string
  if (alg !== 'ES256' && alg !== 'EdDSA') throw new Error('--alg must be ES256 or EdDSA')
  const ids = JWT_ISSUERS.map((i) => i.id)
  if (values.dialect && !ids.includes(values.dialect as (typeof ids)[number])) throw new Error(`--dialect must be one of ${ids.join(', ')}`)
  const dialects = values.dialect ? JWT_ISSUERS.filter((i) => i.id === values.dialect) : [...JWT_ISSUERS]
  for (const d of dialects) {
    const r = await rotateSigningKey(d, { alg: alg as AsymmetricAlg, ...(values.now ? { delaySeconds: 0 } : {}) })
    console.log(`${d.id}: new key ${r.kid} (${r.alg}) signs from ${r.signsFrom.toISOString()}`)
    for (const old of r.retired) console.log(`  ${old.kid} stays published until ${old.publishedUntil.toISOString()}`)
    for (const kid of r.dropped) console.log(`  deleted expired key ${kid}`)
  }
  if (configured !== alg) console.log(`note: JWT_SIGNING_ALG is ${configured}; set it to ${alg} for these keys to sign.`)
}

main()
  .catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e instanceof Error ? e.message : e)
    process.exitCode = 1
  })
  .finally(() => db().$disconnect())
