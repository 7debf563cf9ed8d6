// `--file users.jsonl`: any other system's users, one JSON object a line (docs/migration.md, the
// schema in docs/import-users.schema.json). A line that is not valid JSON or not a user under the
// schema is skipped with its line number and the reason.
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { passwordFormat } from '../core/legacy-passwords'
import { jsonlUser, type ImportedUser, type JsonlUser } from './types'

/** The stored form of a `password: {algorithm, hash}`: the hash as it is, if it is that algorithm's format. */
function storedHash(p: NonNullable<JsonlUser['password']>): string | null {
  const format = passwordFormat(p.hash)
  const expected = p.algorithm === 'werkzeug' ? ['pbkdf2', 'scrypt', 'werkzeug-plain'] : [p.algorithm]
  return format !== null && expected.includes(format) ? p.hash : null
}

function fromJsonl(u: JsonlUser): ImportedUser {
  const hash = u.password ? storedHash(u.password) : null
  return {
    legacyId: String(u.id),
    id: typeof u.id === 'number' ? u.id : undefined,
    uuid: u.uuid,
    name: u.name,
    email: u.email ?? null,
    phone: u.phone ?? null,
    emailVerified: u.email_verified ?? false,
    phoneVerified: u.phone_verified ?? false,
    disabled: u.status === 'disabled',
    createdAt: u.created_at ?? null,
    updatedAt: u.updated_at ?? null,
    lastLoginAt: u.last_login_at ?? null,
    roles: u.roles,
    admin: u.admin,
    // An unknown or mismatched hash is passed on unreadable, so the writer reports it and imports the user without a password.
    passwordHash: u.password ? (hash ?? `unknown:${u.password.algorithm}`) : null,
    sessions: [],
  }
}

export type JsonlLine = { line: number; user: ImportedUser } | { line: number; error: string }

/** The file's users in batches of `size`, with the lines that could not be read. */
export async function* jsonlBatches(file: string, size: number): AsyncGenerator<JsonlLine[]> {
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })
  let batch: JsonlLine[] = []
  let line = 0
  for await (const text of rl) {
    line++
    if (text.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      batch.push({ line, error: 'invalid_json' })
      continue
    }
    const parsed = jsonlUser.safeParse(value)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      batch.push({ line, error: `invalid_line: ${issue.path.join('.') || '(line)'} ${issue.message}` })
    } else batch.push({ line, user: fromJsonl(parsed.data) })
    if (batch.length >= size) {
      yield batch
      batch = []
    }
  }
  if (batch.length) yield batch
}
