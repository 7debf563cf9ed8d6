// What every reader of an old system's database gives the importer (#22): one user, in our terms,
// still carrying the ids and the hash the old system had. docs/migration.md describes each system.
import { z } from 'zod'

export const SYSTEMS = ['thinksns', 'hyperf', 'flask', 'rageframe'] as const
export type SystemName = (typeof SYSTEMS)[number]

/** An opaque RageFrame token pair, kept as the client holds it (stored here only as hashes). */
export type ImportedOpaqueSession = {
  kind: 'opaque'
  accessToken: string
  refreshToken: string
  group: string | null
  createdAt: Date
  accessExpiresAt: Date
  refreshExpiresAt: Date
}

/** The access and refresh JWT the Hyperf project keeps on the user row. */
export type ImportedJwtSession = { kind: 'jwt'; accessToken: string; refreshToken: string | null }

export type ImportedUser = {
  /** The id the old system's clients know, as text (`sub`, `uid`, `member.id`, a Flask uuid). */
  legacyId: string
  /** The integer id to keep, when the system's ids are integers. */
  id?: number
  /** The Flask `user_id` (uuid), kept as our uuid. */
  uuid?: string
  name: string | null
  email: string | null
  phone: string | null
  emailVerified: boolean
  phoneVerified: boolean
  disabled: boolean
  createdAt?: Date | null
  updatedAt?: Date | null
  lastLoginAt?: Date | null
  lastLoginIp?: string | null
  /** Role names (created here when missing); `admin` adds ADMIN. */
  roles: string[]
  /** Permissions granted to each of those roles in the old system. */
  rolePermissions?: Record<string, string[]>
  admin: boolean
  /** The stored hash as the old system wrote it; null when it had none. */
  passwordHash: string | null
  sessions: (ImportedOpaqueSession | ImportedJwtSession)[]
}

// --- The JSON Lines format (`--file users.jsonl`), one user a line. docs/import-users.schema.json
// is the same contract as a JSON Schema; test/import/jsonl.test.ts checks the two agree.

const isoDate = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((s) => new Date(s))

const JSONL_ALGORITHMS = ['bcrypt', 'md5', 'pbkdf2', 'scrypt', 'werkzeug', 'argon2'] as const

export const jsonlUser = z
  .object({
    id: z.union([z.number().int().positive().max(2_147_483_647), z.string().min(1).max(100)]),
    uuid: z.uuid().optional(),
    name: z.string().min(1).max(100),
    email: z.string().max(254).nullish(),
    email_verified: z.boolean().optional(),
    phone: z.string().max(30).nullish(),
    phone_verified: z.boolean().optional(),
    status: z.enum(['active', 'disabled']).default('active'),
    created_at: isoDate.nullish(),
    updated_at: isoDate.nullish(),
    last_login_at: isoDate.nullish(),
    roles: z.array(z.string().min(1).max(100)).default([]),
    admin: z.boolean().default(false),
    password: z.object({ algorithm: z.enum(JSONL_ALGORITHMS), hash: z.string().min(1).max(512) }).nullish(),
  })
  .strict()

export type JsonlUser = z.infer<typeof jsonlUser>
