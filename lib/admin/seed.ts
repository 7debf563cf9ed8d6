// Bulk test users for the dashboard and its benchmark (`npm run seed:users`, bench/admin-search.ts).
// Fast on purpose: one argon2id hash computed once and shared by every seeded user (they all get
// the same password), rows written as multi-row INSERTs. Hashing 100 000 passwords one by one would
// take ~30 minutes at OWASP parameters (SPEC §9: ~17 ms per hash); Prisma's createMany through the
// driver adapter wrote ~1 000 rows/s here, the raw multi-row INSERT several times that.
import { db, Prisma } from '../db'
import { hashPassword } from '../core/passwords'
import { ROLE_USER } from '../core/roles'
import { newUuid } from '../core/ids'
import { nameSkeleton } from '../core/fields'

const SYLLABLES = [
  'zhang',
  'wang',
  'li',
  'zhao',
  'chen',
  'liu',
  'yang',
  'huang',
  'wu',
  'zhou',
  'xu',
  'sun',
  'ma',
  'zhu',
  'hu',
  'guo',
  'he',
  'lin',
  'luo',
  'gao',
]
const GIVEN = [
  'wei',
  'fang',
  'na',
  'min',
  'jing',
  'lei',
  'qiang',
  'yan',
  'jun',
  'yong',
  'jie',
  'tao',
  'ming',
  'chao',
  'xiu',
  'hua',
  'ping',
  'gang',
  'hui',
  'bo',
]

export type SeedOptions = {
  count: number
  /** Every seeded user's password (one hash for all). */
  password?: string
  batchSize?: number
  /** Registration times are spread over this many days before now (for the overview chart). */
  spreadDays?: number
  onProgress?: (done: number) => void
}

/**
 * Creates `count` users with role USER: names like `zhangwei123456`, phones 19xxxxxxxxx, two users
 * in three with an email. Numbering continues after the largest id already there, so the command
 * can be run again to add more.
 */
export async function seedUsers(opts: SeedOptions): Promise<{ created: number; firstSeq: number }> {
  const client = db()
  // 9 parameters a row: 1 000 rows stay far below SQLite's 32 766 and PostgreSQL's 65 535.
  const batchSize = Math.min(opts.batchSize ?? 1000, 4000)
  const spreadMs = (opts.spreadDays ?? 60) * 86_400_000
  const passwordHash = await hashPassword(opts.password ?? 'seeded_password_1')
  const role = await client.role.findUnique({ where: { name: ROLE_USER } })
  if (!role) throw new Error(`role ${ROLE_USER} missing: run the set-up first (npm run setup)`)
  const max = await client.user.aggregate({ _max: { id: true } })
  const firstSeq = (max._max.id ?? 0) + 1
  const now = Date.now()
  let created = 0
  while (created < opts.count) {
    const n = Math.min(batchSize, opts.count - created)
    const rows = Array.from({ length: n }, (_, i) => {
      const seq = firstSeq + created + i
      const name = `${SYLLABLES[seq % SYLLABLES.length]}${GIVEN[Math.floor(seq / SYLLABLES.length) % GIVEN.length]}${seq}`
      const createdAt = new Date(now - Math.floor((((seq * 7919) % 1000) / 1000) * spreadMs))
      return {
        uuid: newUuid(),
        name,
        nameKey: name,
        // Seeded names are letters then digits: no two share a skeleton (checked for the first 1.2 million).
        nameSkeleton: nameSkeleton(name),
        // 19 + 9 digits: a valid mainland number (CHINA_MOBILE) in a block the test factories do not use.
        phone: `19${String(seq).padStart(9, '0')}`,
        email: seq % 3 === 0 ? null : `${name}@example.com`,
        passwordHash,
        createdAt,
        updatedAt: createdAt,
      }
    })
    const values = rows.map(
      (r) => Prisma.sql`(${r.uuid}, ${r.name}, ${r.nameKey}, ${r.nameSkeleton}, ${r.email}, ${r.phone}, ${r.passwordHash}, ${r.createdAt}, ${r.updatedAt})`,
    )
    await client.$executeRaw(
      Prisma.sql`INSERT INTO "User" ("uuid", "name", "nameKey", "nameSkeleton", "email", "phone", "passwordHash", "createdAt", "updatedAt") VALUES ${Prisma.join(values)}`,
    )
    created += n
    opts.onProgress?.(created)
  }
  // Every user has role USER (SPEC §3); users registered meanwhile already have it.
  await client.$executeRaw(Prisma.sql`
    INSERT INTO "UserRole" ("userId", "roleId")
    SELECT u."id", ${role.id} FROM "User" u
    WHERE u."id" >= ${firstSeq}
      AND NOT EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur."userId" = u."id" AND ur."roleId" = ${role.id})`)
  return { created, firstSeq }
}
