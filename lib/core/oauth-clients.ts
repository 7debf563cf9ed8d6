// Clients of the standards endpoints (RFC 7662 introspection, RFC 7009 revocation): other services
// of the app, each with an id and a secret made by `npm run oauth:client`. Only a hash of the
// secret is stored. The secret is 256 random bits, so a plain SHA-256 is enough (a slow password
// hash protects guessable secrets; it would only cost ~17 ms per introspection here).
import { db } from '../db'
import { AuthError } from './errors'
import { randomAlnum, randomUrlSafe, safeEqual, sha256 } from './ids'

export type NewOAuthClient = { id: string; name: string; secret: string }

export async function createOAuthClient(name: string): Promise<NewOAuthClient> {
  const trimmed = name.trim()
  if (trimmed === '' || trimmed.length > 100) throw new AuthError('invalid_input', { field: 'name', reason: 'length' })
  const id = `svc_${randomAlnum(20)}`
  const secret = randomUrlSafe(43)
  await db().oAuthClient.create({ data: { id, name: trimmed, secretHash: sha256(secret) } })
  return { id, name: trimmed, secret }
}

// Compared against when the id is unknown, so an unknown id costs the same as a wrong secret.
const DUMMY_HASH = sha256(randomUrlSafe(43))

/** The client, or AuthError wrong_password (the same for an unknown id and a wrong secret). */
export async function authenticateOAuthClient(id: string, secret: string): Promise<{ id: string; name: string }> {
  const row = id.length <= 200 ? await db().oAuthClient.findUnique({ where: { id } }) : null
  const ok = safeEqual(row?.secretHash ?? DUMMY_HASH, sha256(secret))
  if (!row || !ok) throw new AuthError('wrong_password', { what: 'client' })
  return { id: row.id, name: row.name }
}
