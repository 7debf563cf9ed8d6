// Asymmetric signing keys (SPEC §4: ES256 or EdDSA with a published JWKS and `kid` rotation),
// used when JWT_SIGNING_ALG is ES256 or EdDSA. Each JWT dialect has its own key (the kid starts
// with the dialect's name): with HS256 each dialect has its own secret, so a token is accepted
// only by the dialect that issued it (SPEC §4); separate keys keep that true when signing is
// asymmetric, and let a rotated-out key be dropped after that dialect's own longest token life.
//
// Rows live in SigningKey. Two of its columns carry the rotation schedule:
//   createdAt  the moment the key starts signing. A rotation publishes the new key at once but
//              dates it SIGNING_KEYS_REFRESH_SECONDS ahead, so every instance (they re-read the
//              table that often) and every JWKS cache honouring max-age knows it before the first
//              token signed with it exists.
//   retiredAt  the moment the key stops signing (= its successor's createdAt). It stays published
//              and verifies until retiredAt + the dialect's longest token lifetime + clock skew
//              (tokens it signed have all expired by then); after that it is no longer read and
//              the next rotation or `keys:prune` deletes it.
// privateJwk is stored encrypted (AES-256-GCM, key derived from AUTH_SECRET), so a copy of the
// database alone cannot mint tokens.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'
import { config, deriveSecret } from '../config'
import { db } from '../db'
import { log } from '../log'
import { randomAlnum } from './ids'
import { CLOCK_SKEW_SECONDS, type JwtKey } from './jwt'
import { maxTokenLifetimeSeconds, type JwtIssuer } from './issuer'

export type AsymmetricAlg = 'ES256' | 'EdDSA'

export type PublicJwk = JWK & { kid: string; alg: AsymmetricAlg; use: 'sig' }

type LoadedKey = {
  kid: string
  alg: AsymmetricAlg
  /** The issuer's id: the kid's prefix. */
  dialect: string
  /** ms */
  signsFrom: number
  /** ms, null while current */
  retiredAt: number | null
  publicJwk: PublicJwk
  jwtKey: JwtKey
  /** the stored row's fingerprint, to re-import only what changed */
  stamp: string
}

function dialectOfKid(kid: string): string | null {
  const i = kid.indexOf('-')
  return i > 0 ? kid.slice(0, i) : null
}

/** ms: a retired key is no longer published nor accepted from this moment (its issuer's longest token life after retiring). */
function dropTime(issuer: JwtIssuer, retiredAt: number | null): number | null {
  return retiredAt === null ? null : retiredAt + (maxTokenLifetimeSeconds(issuer) + CLOCK_SKEW_SECONDS) * 1000
}

const issuerOf = (issuers: readonly JwtIssuer[], kid: string) => issuers.find((i) => i.id === dialectOfKid(kid))

// ---------------------------------------------------------------------------------------------
// Private keys at rest

function wrapKey(): Buffer {
  return createHash('sha256').update(deriveSecret(config().authSecret, 'signing-key-wrap')).digest()
}

function sealPrivate(jwk: JWK): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', wrapKey(), iv)
  const ct = Buffer.concat([cipher.update(JSON.stringify(jwk), 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.')
}

function openPrivate(stored: string): JWK {
  // A plain JSON JWK is accepted too, for keys brought in by hand.
  if (stored.trimStart().startsWith('{')) return JSON.parse(stored) as JWK
  const [v, iv, ct, tag] = stored.split('.')
  if (v !== 'v1' || !iv || !ct || !tag) throw new Error('unknown private key format')
  const decipher = createDecipheriv('aes-256-gcm', wrapKey(), Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8')) as JWK
}

// ---------------------------------------------------------------------------------------------
// The in-process copy: read from the database at most every SIGNING_KEYS_REFRESH_SECONDS, each
// key imported once (verification is on every request's path).

let loaded: { keys: LoadedKey[]; at: number } | undefined
let inflight: Promise<LoadedKey[]> | undefined
const imported = new Map<string, LoadedKey>()

async function importRow(row: {
  kid: string
  alg: string
  publicJwk: string
  privateJwk: string
  createdAt: Date
  retiredAt: Date | null
}): Promise<LoadedKey | null> {
  const dialect = dialectOfKid(row.kid)
  if (!dialect || (row.alg !== 'ES256' && row.alg !== 'EdDSA')) return null
  const alg = row.alg
  const stamp = `${row.alg}|${row.publicJwk}|${row.createdAt.getTime()}|${row.retiredAt?.getTime() ?? ''}`
  const hit = imported.get(row.kid)
  if (hit && hit.stamp === stamp) return hit
  const pub = JSON.parse(row.publicJwk) as JWK
  const publicJwk: PublicJwk = { ...pickPublic(pub), kid: row.kid, alg, use: 'sig' }
  const verifyKey = (await importJWK(publicJwk, alg)) as CryptoKey
  let signKey: CryptoKey | undefined
  if (row.retiredAt === null || row.retiredAt.getTime() > Date.now()) {
    try {
      signKey = (await importJWK(openPrivate(row.privateJwk), alg)) as CryptoKey
    } catch (e) {
      // e.g. AUTH_SECRET changed: the key still verifies, and a new one is made to sign.
      log.warn('signing key cannot be opened', { kid: row.kid, error: (e as Error).message })
    }
  }
  const k: LoadedKey = {
    kid: row.kid,
    alg,
    dialect,
    signsFrom: row.createdAt.getTime(),
    retiredAt: row.retiredAt?.getTime() ?? null,
    publicJwk,
    jwtKey: { alg, kid: row.kid, signKey, verifyKey },
    stamp,
  }
  imported.set(row.kid, k)
  return k
}

/** Only the public members of a JWK (never `d`, whatever was stored). */
function pickPublic(jwk: JWK): JWK {
  const { kty, crv, x, y } = jwk
  return Object.fromEntries(Object.entries({ kty, crv, x, y }).filter(([, v]) => v !== undefined)) as JWK
}

// Every row is read: which keys are still published depends on their issuer's lifetimes, asked
// per issuer (answer, publishedJwks); keys past that are deleted by the next rotation or prune.
async function readKeys(): Promise<LoadedKey[]> {
  const rows = await db().signingKey.findMany({ orderBy: { createdAt: 'asc' } })
  const keys: LoadedKey[] = []
  for (const row of rows) {
    try {
      const k = await importRow(row)
      if (k) keys.push(k)
    } catch (e) {
      log.warn('signing key cannot be imported', { kid: row.kid, error: (e as Error).message })
    }
  }
  const live = new Set(keys.map((k) => k.kid))
  for (const kid of imported.keys()) if (!live.has(kid)) imported.delete(kid)
  return keys
}

// Bumped by invalidateSigningKeys: a read that started before a rotation must not be kept as
// the fresh copy, nor handed to a caller that asks after it.
let generation = 0

function reload(): Promise<LoadedKey[]> {
  if (!inflight) {
    const gen = generation
    const p: Promise<LoadedKey[]> = readKeys()
      .then((keys) => {
        if (gen === generation) loaded = { keys, at: Date.now() }
        return keys
      })
      .finally(() => {
        if (inflight === p) inflight = undefined
      })
    inflight = p
  }
  return inflight
}

/** Every published key. Stale copies are served while a re-read runs in the background. */
async function allKeys(): Promise<LoadedKey[]> {
  if (!loaded) return reload()
  if (Date.now() - loaded.at >= config().SIGNING_KEYS_REFRESH_SECONDS * 1000) {
    reload().catch((e) => log.error('signing keys reload failed', { error: (e as Error).message }))
  }
  return loaded.keys
}

/** Forget the in-process copy (after a rotation in this process; tests). */
export function invalidateSigningKeys(): void {
  generation++
  loaded = undefined
  inflight = undefined
}

function published(k: LoadedKey, issuer: JwtIssuer, now: number): boolean {
  const dropAt = dropTime(issuer, k.retiredAt)
  return dropAt === null || dropAt > now
}

function signerOf(keys: LoadedKey[], dialect: string, alg: AsymmetricAlg, now: number): LoadedKey | undefined {
  let best: LoadedKey | undefined
  for (const k of keys) {
    if (k.dialect !== dialect || k.alg !== alg || !k.jwtKey.signKey) continue
    if (k.signsFrom > now || (k.retiredAt !== null && k.retiredAt <= now)) continue
    if (!best || k.signsFrom > best.signsFrom || (k.signsFrom === best.signsFrom && k.kid > best.kid)) best = k
  }
  return best
}

// The answer per dialect, reused until the key list is re-read or one of its times passes (the
// hot path then allocates nothing).
const answers = new Map<string, { from: LoadedKey[]; until: number; keys: JwtKey[] }>()
const creating = new Map<string, Promise<unknown>>()

function answer(keys: LoadedKey[], issuer: JwtIssuer, alg: AsymmetricAlg, now: number): JwtKey[] | null {
  const dialect = issuer.id
  const memo = answers.get(`${dialect}:${alg}`)
  if (memo && memo.from === keys && memo.until > now) return memo.keys
  const signer = signerOf(keys, dialect, alg, now)
  if (!signer) return null
  const out: JwtKey[] = [signer.jwtKey]
  let until = Infinity
  for (const k of keys) {
    if (k.dialect !== dialect) continue
    for (const t of [k.signsFrom, k.retiredAt, dropTime(issuer, k.retiredAt)]) if (t !== null && t > now && t < until) until = t
    if (k !== signer && published(k, issuer, now)) out.push({ alg: k.alg, kid: k.kid, verifyKey: k.jwtKey.verifyKey })
  }
  answers.set(`${dialect}:${alg}`, { from: keys, until, keys: out })
  return out
}

/**
 * The dialect's keys for JWT_SIGNING_ALG: the signing key first, then every other published key
 * of the dialect (verification only). On first use, when the dialect has no key of that
 * algorithm yet, one is made.
 */
export async function asymmetricDialectKeys(issuer: JwtIssuer, alg: AsymmetricAlg): Promise<JwtKey[]> {
  const hit = answer(await allKeys(), issuer, alg, Date.now())
  if (hit) return hit
  // Perhaps another instance (or `keys:rotate`) made one since the last read.
  const fresh = answer(await reload(), issuer, alg, Date.now())
  if (fresh) return fresh
  const tag = `${issuer.id}:${alg}`
  let p = creating.get(tag)
  if (!p) {
    p = rotateSigningKey(issuer, { alg, delaySeconds: 0 }).finally(() => creating.delete(tag))
    creating.set(tag, p)
  }
  await p
  const made = answer(await reload(), issuer, alg, Date.now())
  if (!made) throw new Error(`no usable signing key for ${issuer.id}`)
  return made
}

/**
 * The private JWKs of an issuer's published keys, its signing key first: for a signer that needs the
 * key material itself (the OpenID Connect provider, lib/oidc/keys.ts). A key that cannot be opened
 * is left out.
 */
export async function privateJwksOf(issuer: JwtIssuer, alg: AsymmetricAlg): Promise<(JWK & { kid: string; alg: string; use: 'sig' })[]> {
  const keys = await asymmetricDialectKeys(issuer, alg)
  const rows = await db().signingKey.findMany({ where: { kid: { in: keys.flatMap((k) => (k.kid ? [k.kid] : [])) } } })
  const out: (JWK & { kid: string; alg: string; use: 'sig' })[] = []
  for (const k of keys) {
    const row = rows.find((r) => r.kid === k.kid)
    if (!row) continue
    try {
      out.push({ ...openPrivate(row.privateJwk), kid: row.kid, alg: row.alg, use: 'sig' })
    } catch (e) {
      log.warn('signing key cannot be opened', { kid: row.kid, error: (e as Error).message })
    }
  }
  return out
}

/** The public keys for /.well-known/jwks.json: every published key of the given issuers. */
export async function publishedJwks(issuers: readonly JwtIssuer[]): Promise<{ keys: PublicJwk[] }> {
  const now = Date.now()
  const keys = (await allKeys()).filter((k) => {
    const issuer = issuerOf(issuers, k.kid)
    return issuer !== undefined && published(k, issuer, now)
  })
  return { keys: keys.map((k) => k.publicJwk) }
}

// ---------------------------------------------------------------------------------------------
// Rotation

export type RotationResult = {
  dialect: string
  kid: string
  alg: AsymmetricAlg
  signsFrom: Date
  retired: { kid: string; publishedUntil: Date }[]
  dropped: string[]
}

/**
 * Makes a new key for the dialect. It is published at once and signs from now + delaySeconds
 * (default SIGNING_KEYS_REFRESH_SECONDS; 0 when the dialect has no signing key yet); the keys it
 * replaces stop signing at that moment and stay published until their tokens have expired.
 */
export async function rotateSigningKey(issuer: JwtIssuer, opts: { alg?: AsymmetricAlg; delaySeconds?: number } = {}): Promise<RotationResult> {
  const alg = opts.alg ?? (config().JWT_SIGNING_ALG === 'EdDSA' ? 'EdDSA' : 'ES256')
  const dialect = issuer.id
  const now = Date.now()
  const current = await db().signingKey.findMany({
    where: { kid: { startsWith: `${dialect}-` }, OR: [{ retiredAt: null }, { retiredAt: { gt: new Date(now) } }] },
  })
  const hasSigner = current.some((r) => r.alg === alg && r.createdAt.getTime() <= now)
  const delay = hasSigner ? (opts.delaySeconds ?? config().SIGNING_KEYS_REFRESH_SECONDS) : 0
  const signsFrom = new Date(Math.floor(now / 1000) * 1000 + delay * 1000)

  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true })
  const kid = `${dialect}-${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}-${randomAlnum(10)}`
  const publicJwk = pickPublic(await exportJWK(publicKey))
  const privateJwk = await exportJWK(privateKey)

  await db().$transaction([
    db().signingKey.updateMany({
      where: { kid: { startsWith: `${dialect}-` }, OR: [{ retiredAt: null }, { retiredAt: { gt: signsFrom } }] },
      data: { retiredAt: signsFrom },
    }),
    db().signingKey.create({ data: { kid, alg, publicJwk: JSON.stringify(publicJwk), privateJwk: sealPrivate(privateJwk), createdAt: signsFrom } }),
  ])
  const dropped = await pruneSigningKeys([issuer])
  invalidateSigningKeys()
  const lifetime = (maxTokenLifetimeSeconds(issuer) + CLOCK_SKEW_SECONDS) * 1000
  log.info('signing key rotated', { dialect, kid, alg, signsFrom: signsFrom.toISOString() })
  return {
    dialect,
    kid,
    alg,
    signsFrom,
    retired: current.map((r) => ({ kid: r.kid, publishedUntil: new Date(Math.min(r.retiredAt?.getTime() ?? Infinity, signsFrom.getTime()) + lifetime) })),
    dropped,
  }
}

/**
 * Deletes the given issuers' keys whose tokens have all expired (they are already unpublished).
 * Returns their kids. Keys of no known issuer are left alone (a dialect removed by mistake must not
 * lose its keys).
 */
export async function pruneSigningKeys(issuers: readonly JwtIssuer[], now = Date.now()): Promise<string[]> {
  const retired = await db().signingKey.findMany({ where: { retiredAt: { not: null } }, select: { kid: true, retiredAt: true } })
  const gone = retired.filter((r) => {
    const issuer = issuerOf(issuers, r.kid)
    const dropAt = issuer ? dropTime(issuer, r.retiredAt?.getTime() ?? null) : null
    return dropAt !== null && dropAt <= now
  })
  if (gone.length === 0) return []
  await db().signingKey.deleteMany({ where: { kid: { in: gone.map((r) => r.kid) } } })
  return gone.map((r) => r.kid)
}

/** What `npm run keys:rotate -- --list` shows. */
export async function describeSigningKeys(
  issuers: readonly JwtIssuer[],
): Promise<{ kid: string; alg: string; signsFrom: Date; retiredAt: Date | null; publishedUntil: Date | null }[]> {
  const rows = await db().signingKey.findMany({ orderBy: { createdAt: 'asc' } })
  return rows.map((r) => {
    const issuer = issuerOf(issuers, r.kid)
    const drop = issuer ? dropTime(issuer, r.retiredAt?.getTime() ?? null) : null
    return { kid: r.kid, alg: r.alg, signsFrom: r.createdAt, retiredAt: r.retiredAt, publishedUntil: drop === null ? null : new Date(drop) }
  })
}
