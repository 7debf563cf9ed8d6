// The physical limit of a token check on this machine (issue 28): a bare `node:http` server that does
// only the work every check must do — read the token, one HMAC verify (jose, HS256) or one SHA-256
// of an opaque token, one prepared statement on the same SQLite database the product uses, and a
// small JSON answer. No envelope, no logging, no metrics, no headers of ours. bench/run.ts starts it
// beside the product and reports each of the product's checks as a fraction of it.
//
//   CEILING_DB=<sqlite file> CEILING_HS256_KEYS=<key>,<key> PORT=<port> tsx bench/ceiling.ts
//
// POST /jwt   {"jwt": "<token>"}            the token in the body (Hyperf's shape)
// GET  /jwt   Authorization: Bearer <jwt>   the token in a header (ThinkSNS+, Flask, /api/me)
// GET  /opaque Authorization: Bearer <tok>  an opaque token, looked up by its hash (RageFrame)
import http from 'node:http'
import { createHash } from 'node:crypto'
import Database from 'better-sqlite3'
import { jwtVerify } from 'jose'

const file = process.env.CEILING_DB
const keys = (process.env.CEILING_HS256_KEYS ?? '').split(',').filter(Boolean)
if (!file || keys.length === 0) throw new Error('CEILING_DB and CEILING_HS256_KEYS are required')
const secrets = keys.map((k) => new TextEncoder().encode(k))

const db = new Database(file, { readonly: true, fileMustExist: true })
const sessionById = db.prepare<[string], { userId: number; expiresAt: string; revokedAt: string | null }>(
  'SELECT "userId", "expiresAt", "revokedAt" FROM "Session" WHERE "id" = ?',
)
const accessByHash = db.prepare<[string], { userId: number; expiresAt: string; revokedAt: string | null }>(
  'SELECT s."userId", a."expiresAt", s."revokedAt" FROM "AccessToken" a JOIN "Session" s ON s."id" = a."sessionId" WHERE a."tokenHash" = ? AND a."revokedAt" IS NULL',
)

const live = (row: { expiresAt: string; revokedAt: string | null } | undefined) => !!row && row.revokedAt === null && Date.parse(row.expiresAt) > Date.now()

/** The session a jwt names, when the signature holds with one of the keys and the session is live. */
async function checkJwt(token: string): Promise<number | null> {
  for (const secret of secrets) {
    try {
      const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] })
      const row = typeof payload.sid === 'string' ? sessionById.get(payload.sid) : undefined
      return live(row) ? row!.userId : null
    } catch {
      // the next key
    }
  }
  return null
}

function checkOpaque(token: string): number | null {
  const row = accessByHash.get(createHash('sha256').update(token).digest('base64url'))
  return live(row) ? row!.userId : null
}

const bearer = (h: string | undefined) => (h && h.startsWith('Bearer ') ? h.slice(7) : '')

function answer(res: http.ServerResponse, userId: number | null) {
  const body = userId === null ? '{"code":401}' : `{"code":200,"uid":${userId}}`
  res.writeHead(userId === null ? 401 : 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

http
  .createServer((req, res) => {
    if (req.url === '/health') return answer(res, 0)
    if (req.url === '/opaque') return answer(res, checkOpaque(bearer(req.headers.authorization)))
    if (req.method === 'GET') {
      void checkJwt(bearer(req.headers.authorization)).then((id) => answer(res, id))
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      let jwt = ''
      try {
        jwt = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { jwt?: unknown }).jwt ?? '')
      } catch {
        // an empty token fails the check
      }
      void checkJwt(jwt).then((id) => answer(res, id))
    })
  })
  .listen(Number(process.env.PORT ?? 0), '127.0.0.1')
