// What the audit page and its CSV export share: the query string → the filter of listAudit, and
// the language of the event names (Accept-Language).
import { auditRange, type DateRangeError } from './schemas'
import { startOfLocalDay } from './overview'
import { config } from '../config'
import type { AuditFilter } from './audit'

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
}

/** The filter for a parsed audit query, or the error its dates have. */
export function auditFilter(query: { user?: string; kind?: string; from?: string; to?: string }): { filter: AuditFilter; error?: DateRangeError } {
  const { error } = auditRange(query)
  const tz = config().ADMIN_TIMEZONE
  return {
    error,
    filter: {
      user: query.user,
      kind: query.kind,
      // "to" is inclusive: up to the end of that day.
      from: query.from && !error ? startOfLocalDay(query.from, tz) : undefined,
      to: query.to && !error ? startOfLocalDay(nextDay(query.to), tz) : undefined,
    },
  }
}
