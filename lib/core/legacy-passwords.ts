// Password hashes imported from the old systems (#22), kept as they were stored there until the
// owner's first good sign-in replaces them with our argon2id (users.ts authenticateWithPassword).
// Each format names itself, so the hash column holds the old string unchanged:
//
// - bcrypt `$2y$` (PHP: ThinkSNS+ cost 10, RageFrame/Yii2 cost 13), `$2a$`, `$2b$`, any cost
// - md5: 32 hex digits, unsalted (the Hyperf project's `md5($pwd)`): weak, marked so in the admin
// - Werkzeug: `pbkdf2:sha1|sha256|sha512[:N]$salt$hex`, `scrypt[:N:r:p]$salt$hex`, and before 2.3
//   `sha1|sha256|sha512|md5$salt$hex` (HMAC with the salt as key)
// - argon2 (`$argon2id$`/`$argon2i$`/`$argon2d$` from another system; ours are argon2id too)
//
// The checks run on the hashing threads (lib/hash-pool.ts), never on the event loop.
import { db } from '../db'

type LegacyPasswordFormat = 'bcrypt' | 'md5' | 'pbkdf2' | 'scrypt' | 'werkzeug-plain'
export type PasswordFormat = 'argon2' | LegacyPasswordFormat

const WERKZEUG_DIGESTS = new Set(['sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'md5'])
const HEX = /^[0-9a-f]+$/i
const SALT = /^[\x21-\x23\x25-\x7e]{0,128}$/

/** The format of a stored hash, or null when it is none we can check. */
export function passwordFormat(hash: string): PasswordFormat | null {
  if (/^\$argon2(id|i|d)\$/.test(hash)) return 'argon2'
  if (/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(hash)) return Number(hash.slice(4, 6)) >= 4 && Number(hash.slice(4, 6)) <= 31 ? 'bcrypt' : null
  if (/^[0-9a-f]{32}$/i.test(hash)) return 'md5'
  const parts = hash.split('$')
  if (parts.length !== 3) return null
  const [method, salt, hex] = parts
  if (!HEX.test(hex) || hex.length % 2 !== 0 || !SALT.test(salt)) return null
  const args = method.split(':')
  const int = (s: string | undefined, min: number, max: number) => s === undefined || (/^\d+$/.test(s) && Number(s) >= min && Number(s) <= max)
  if (args[0] === 'pbkdf2') {
    if (args.length > 3 || !['sha1', 'sha256', 'sha512', undefined].includes(args[1]) || !int(args[2], 1, 10_000_000)) return null
    return salt ? 'pbkdf2' : null
  }
  if (args[0] === 'scrypt') {
    if (args.length > 4 || !int(args[1], 2, 1 << 20) || !int(args[2], 1, 64) || !int(args[3], 1, 16) || hex.length !== 128) return null
    const n = Number(args[1] ?? 32768)
    return (n & (n - 1)) === 0 && salt ? 'scrypt' : null
  }
  if (args.length === 1 && WERKZEUG_DIGESTS.has(method)) return 'werkzeug-plain'
  return null
}

/** Formats that are cheap to check: their failures are padded to an argon2 check so timing says nothing. */
export const isFastFormat = (f: PasswordFormat): boolean => f === 'md5' || f === 'werkzeug-plain'

/** Formats the admin marks as weak (cheap to brute-force if the database leaks). */
const isWeakFormat = (f: PasswordFormat): boolean => f === 'md5' || f === 'werkzeug-plain'

/**
 * How many users still hold each legacy hash format (and how many argon2), for the admin overview.
 * Every such user moves to argon2id on their next good sign-in.
 */
export async function countLegacyPasswordFormats(): Promise<{ format: PasswordFormat; users: number; weak: boolean }[]> {
  const client = db()
  const count = (where: object) => client.user.count({ where: { passwordHash: where } })
  const [argon2, bcrypt2a, bcrypt2b, bcrypt2y, pbkdf2, scrypt, other] = await Promise.all([
    count({ startsWith: '$argon2' }),
    count({ startsWith: '$2a$' }),
    count({ startsWith: '$2b$' }),
    count({ startsWith: '$2y$' }),
    count({ startsWith: 'pbkdf2:' }),
    count({ startsWith: 'scrypt:' }),
    // md5 (no `$`) and Werkzeug's plain sha*$salt$hex: told apart below, rarer than the others.
    client.user.findMany({
      where: {
        passwordHash: { not: null },
        NOT: [{ passwordHash: { startsWith: '$' } }, { passwordHash: { startsWith: 'pbkdf2:' } }, { passwordHash: { startsWith: 'scrypt:' } }],
      },
      select: { passwordHash: true },
    }),
  ])
  let md5 = 0
  let plain = 0
  for (const u of other) {
    const f = passwordFormat(u.passwordHash!)
    if (f === 'md5') md5++
    else if (f === 'werkzeug-plain') plain++
  }
  const rows: { format: PasswordFormat; users: number }[] = [
    { format: 'argon2', users: argon2 },
    { format: 'bcrypt', users: bcrypt2a + bcrypt2b + bcrypt2y },
    { format: 'md5', users: md5 },
    { format: 'pbkdf2', users: pbkdf2 },
    { format: 'scrypt', users: scrypt },
    { format: 'werkzeug-plain', users: plain },
  ]
  return rows.map((r) => ({ ...r, weak: isWeakFormat(r.format) }))
}
