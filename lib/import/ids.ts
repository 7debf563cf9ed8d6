// Ids stay unique in every system's id space (#22, decision 0012 "Ids"). A user shows, in a
// system's dialect, its mapped id there or else our id (lib/core/legacy-ids.ts). So:
//
// - a run keeps no id another system maps to someone (write.ts), and renumbers above every mapped
//   id (idContext);
// - after a run, a user of ours whose id the run mapped to someone else, and who has no id of its
//   own in that system, gets one: a fresh id above every id here and every id the source keeps,
//   reported as `id_shadowed` (shadowTakenIds);
// - new users' ids (SQLite's AUTOINCREMENT, PostgreSQL's sequence) stay above every mapped id,
//   or a later sign-up would show a mapped id (keepNewIdsAboveMapped).
import { config } from '../config'
import { db, Prisma } from '../db'
import { newUuid } from '../core/ids'
import { showsUuid } from '../core/legacy-ids'
import type { ReportEntry } from './write'

const postgres = () => config().database.provider === 'postgresql'

/** The largest integer id any system maps (its ids that fit our `User.id`), 0 when none. */
async function maxMappedId(): Promise<number> {
  const rows = postgres()
    ? await db().$queryRaw<{ m: number | bigint | null }[]>(
        Prisma.sql`SELECT MAX(CASE WHEN "legacyId" ~ '^[0-9]{1,9}$' THEN CAST("legacyId" AS INTEGER) END) AS m FROM "LegacyAccount"`,
      )
    : await db().$queryRaw<{ m: number | bigint | null }[]>(
        Prisma.sql`SELECT MAX(CAST("legacyId" AS INTEGER)) AS m FROM "LegacyAccount" WHERE "legacyId" <> '' AND "legacyId" NOT GLOB '*[^0-9]*' AND length("legacyId") <= 9`,
      )
  return Number(rows[0]?.m ?? 0)
}

/** What every batch of a run needs to keep ids unique: the floor for new ids, and the other systems in the map. */
export async function idContext(system: string, sourceMaxId: number): Promise<{ idFloor: number; otherSystems: string[] }> {
  const systems = await db().$queryRaw<{ system: string }[]>(Prisma.sql`SELECT DISTINCT "system" FROM "LegacyAccount"`)
  return { idFloor: Math.max(sourceMaxId, await maxMappedId()), otherSystems: systems.map((s) => s.system).filter((s) => s !== system) }
}

/**
 * The users this system's import shadowed: their own id (our `User.id`, our uuid for Flask) is now
 * mapped to another user in `system`, and they have no id of their own there. Each gets one (a
 * fresh id above `idFloor` and every id here; a new uuid for Flask), in one transaction.
 */
export async function shadowTakenIds(system: string, idFloor: number, dryRun: boolean): Promise<ReportEntry[]> {
  const uuid = showsUuid(system)
  const join = uuid
    ? Prisma.sql`u."uuid" = m."legacyId"`
    : postgres()
      ? Prisma.sql`u."id" = CASE WHEN m."legacyId" ~ '^[0-9]{1,9}$' THEN CAST(m."legacyId" AS INTEGER) END`
      : Prisma.sql`u."id" = CASE WHEN m."legacyId" <> '' AND m."legacyId" NOT GLOB '*[^0-9]*' AND length(m."legacyId") <= 9 THEN CAST(m."legacyId" AS INTEGER) END`
  const found = await db().$queryRaw<{ id: number | bigint; legacyId: string }[]>(
    Prisma.sql`SELECT u."id" AS id, m."legacyId" AS "legacyId" FROM "LegacyAccount" m JOIN "User" u ON ${join}
      WHERE m."system" = ${system} AND m."userId" <> u."id"
        AND NOT EXISTS (SELECT 1 FROM "LegacyAccount" o WHERE o."system" = ${system} AND o."userId" = u."id")
      ORDER BY u."id"`,
  )
  // A dry run writes nothing, and its batches were rolled back: it finds only what earlier runs left.
  if (dryRun) return found.map((f) => ({ system, legacyId: f.legacyId, outcome: 'id_shadowed' as const, reason: 'id_mapped_to_another', userId: Number(f.id) }))
  if (found.length === 0) return []
  // Read before the transaction: on SQLite a statement outside it would wait for it to end.
  const mapped = await maxMappedId()
  return db().$transaction(async (tx) => {
    const max = (await tx.user.aggregate({ _max: { id: true } }))._max.id ?? 0
    let next = Math.max(max, idFloor, mapped) + 1
    const now = new Date()
    const report: ReportEntry[] = []
    for (const f of found) {
      const userId = Number(f.id)
      const newId = uuid ? newUuid() : String(next++)
      await tx.legacyAccount.create({ data: { system, legacyId: newId, userId, createdAt: now } })
      report.push({ system, legacyId: f.legacyId, outcome: 'id_shadowed', reason: 'id_mapped_to_another', userId, newId })
    }
    return report
  })
}

/**
 * New users get ids above every user here and every id a system maps (a sign-up with a mapped id
 * would show it beside the mapped user in that system's dialect). SQLite's AUTOINCREMENT counter
 * and PostgreSQL's sequence are raised to that.
 */
export async function keepNewIdsAboveMapped(): Promise<void> {
  const max = Math.max((await db().user.aggregate({ _max: { id: true } }))._max.id ?? 0, await maxMappedId(), 1)
  if (postgres()) {
    // Never lowered: an id once given is not given again.
    await db().$queryRaw(
      Prisma.sql`SELECT setval(pg_get_serial_sequence('"User"', 'id'), GREATEST(${max}::integer, pg_sequence_last_value(pg_get_serial_sequence('"User"', 'id')::regclass)))`,
    )
    return
  }
  const updated = await db().$executeRaw(Prisma.sql`UPDATE sqlite_sequence SET seq = MAX(seq, ${max}) WHERE name = 'User'`)
  if (updated === 0) await db().$executeRaw(Prisma.sql`INSERT INTO sqlite_sequence (name, seq) VALUES ('User', ${max})`)
}
