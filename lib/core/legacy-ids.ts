// The ids each old system's clients know (#22, decision 0012). An imported account keeps its id as
// our `User.id` (a Flask `user_id` as our `uuid`) when it is free; when it is not (a merged person,
// a renumbered row, a user of ours whose id an imported row needed), the per-system id map
// `LegacyAccount (system, legacyId) → userId` holds the id that system shows. A dialect shows
// `legacyIdOf(user, system)` in every answer and token it makes, and takes an id back with
// `userOfLegacyId(system, id)`.
//
// The map is read once per user and system and kept in a small bounded cache for
// LEGACY_ID_CACHE_MS: a token check must not gain a query per request (decision 0006). The map
// changes only when an import runs; a server running beside an import shows a new mapping within
// that time.
import { db } from '../db'

/** The systems whose clients know a user by our uuid (Flask's `user_id`), not by the integer id. */
const UUID_SYSTEMS: ReadonlySet<string> = new Set(['flask'])

const CACHE_MAX = 10_000
/** The largest `User.id` (a 32-bit integer on PostgreSQL). */
const MAX_INT = 2_147_483_647
const LEGACY_ID_CACHE_MS = 30_000

type Entry = { value: string | null; until: number }
// Kept on globalThis: under server.ts this module is loaded twice (see sessions.ts).
const g = globalThis as unknown as { identityLegacyIds?: Map<string, Entry> }
const byUser: Map<string, Entry> = (g.identityLegacyIds ??= new Map())

/** Forgets every cached mapping (the importer calls it after a run in the same process; tests). */
export function clearLegacyIdCache(): void {
  byUser.clear()
}

/** The id a user has in a system's own id space when no mapping says otherwise. */
const nativeIdOf = (user: { id: number; uuid: string }, system: string): string => (UUID_SYSTEMS.has(system) ? user.uuid : String(user.id))

export const showsUuid = (system: string): boolean => UUID_SYSTEMS.has(system)

/** This user's mapped id in `system`, or null when it has none (cached). */
async function mappedIdOf(userId: number, system: string): Promise<string | null> {
  const key = `${system}\u0000${userId}`
  const now = Date.now()
  const hit = byUser.get(key)
  if (hit && hit.until > now) return hit.value
  const row = await db().legacyAccount.findFirst({ where: { system, userId }, orderBy: { createdAt: 'asc' }, select: { legacyId: true } })
  byUser.delete(key)
  if (byUser.size >= CACHE_MAX) byUser.delete(byUser.keys().next().value as string)
  byUser.set(key, { value: row?.legacyId ?? null, until: now + LEGACY_ID_CACHE_MS })
  return row?.legacyId ?? null
}

/** The id `system`'s clients know this user by: its mapped id, else our id (our uuid for Flask). */
export async function legacyIdOf(user: { id: number; uuid: string }, system: string): Promise<string> {
  return (await mappedIdOf(user.id, system)) ?? nativeIdOf(user, system)
}

/**
 * As legacyIdOf, for the systems whose ids are integers (ThinkSNS+ `sub`, Hyperf `uid`, RageFrame
 * `member.id`). Their readers map only integer ids; a text id (a `--file` import under such a
 * system's name) cannot be shown there, so our id is.
 */
export async function legacyIntIdOf(user: { id: number; uuid: string }, system: string): Promise<number> {
  const id = Number(await mappedIdOf(user.id, system))
  return Number.isSafeInteger(id) && id > 0 ? id : user.id
}

/**
 * The user a system's id stands for: the one it is mapped to, else the user who has that id (uuid
 * for Flask) here, unless that user shows another id in this system (a mapping of its own: then
 * the id is no one's there). Null when nobody.
 */
export async function userOfLegacyId(system: string, legacyId: string): Promise<number | null> {
  const mapped = await db().legacyAccount.findUnique({ where: { system_legacyId: { system, legacyId } }, select: { userId: true } })
  if (mapped) return mapped.userId
  let user: { id: number; uuid: string } | null = null
  if (showsUuid(system)) user = await db().user.findUnique({ where: { uuid: legacyId }, select: { id: true, uuid: true } })
  else if (/^[1-9]\d{0,9}$/.test(legacyId) && Number(legacyId) <= MAX_INT)
    user = await db().user.findUnique({ where: { id: Number(legacyId) }, select: { id: true, uuid: true } })
  if (!user) return null
  return (await mappedIdOf(user.id, system)) === null ? user.id : null
}
