// Prefix search on normalised columns, fast on both providers.
import { config } from '../config'

/**
 * A prefix match on a column that holds normalised values (nameKey and email are lower-case,
 * phone is digits). On SQLite, LIKE 'x%' cannot use the column's unique index (SQLite's LIKE is
 * case-insensitive, the index is BINARY), so the prefix is given as the range [x, successor(x)),
 * which the index answers and which is exactly the strings starting with x under BINARY (UTF-8
 * byte order = code point order). Measured with 100 000 users (bench/admin-search.ts): LIKE scans
 * the table, the range does not. On PostgreSQL the range is not used: under a non-C collation it
 * is not the same set as the prefix; LIKE (with its wildcards escaped) is always right there.
 */
export function prefix(value: string): { gte: string; lt: string } | { startsWith: string } {
  return config().database.provider === 'sqlite' ? { gte: value, lt: successor(value) } : { startsWith: escapeLike(value) }
}

/**
 * Any part of a normalised column (#25: the phone's last digits, an email's domain, part of a
 * name). PostgreSQL: LIKE '%x%' with the wildcards escaped, served by the trigram indexes of
 * migration 0007_admin. SQLite: Prisma's LIKE has no ESCAPE there, so a `_` or `%` typed in the box
 * matches any character(s) (more rows, never fewer); no index serves it and SQLite reads the
 * table, measured by bench/admin-search.ts (docs/decisions/0016-admin-dashboard.md).
 */
export function part(value: string): { contains: string } {
  return { contains: config().database.provider === 'sqlite' ? value : escapeLike(value) }
}

/** Prisma passes startsWith to LIKE as it is: % and _ in a search must not act as wildcards. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => '\\' + c)
}

/** The smallest string greater than every string that starts with `s` (code point order). */
export function successor(s: string): string {
  const cps = Array.from(s)
  while (cps.length > 0) {
    const last = cps.pop()!.codePointAt(0)!
    let next = last + 1
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000 // surrogates are not characters
    if (next <= 0x10ffff) return cps.join('') + String.fromCodePoint(next)
  }
  return '\u{10ffff}\u{10ffff}' // unreachable for real input: s was all U+10FFFF
}
