import Link from 'next/link'
import { requireAdmin } from '@/lib/admin/guard'
import { auditKinds, listAudit } from '@/lib/admin/audit'
import { auditQuery } from '@/lib/admin/schemas'
import { formatTime } from '@/lib/admin/format'
import { startOfLocalDay } from '@/lib/admin/overview'
import { config } from '@/lib/config'
import { PageTitle, Pager, Table, td, inputClass, labelClass, buttonClass } from '@/components/admin/ui'

export const dynamic = 'force-dynamic'

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin('/admin/audit')
  const query = auditQuery.parse(await searchParams)
  const tz = config().ADMIN_TIMEZONE
  const [result, kinds] = await Promise.all([
    listAudit({
      user: query.user,
      kind: query.kind,
      // "to" is inclusive: up to the end of that day.
      from: query.from ? startOfLocalDay(query.from, tz) : undefined,
      to: query.to ? startOfLocalDay(nextDay(query.to), tz) : undefined,
      page: query.page,
    }),
    auditKinds(),
  ])
  return (
    <>
      <PageTitle sub={`Newest first. Days in ${tz}.`}>Audit log</PageTitle>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-48">
          <label htmlFor="user" className={labelClass}>
            User (name, email, phone or #id)
          </label>
          <input id="user" name="user" type="search" defaultValue={query.user ?? ''} className={inputClass} />
        </div>
        <div>
          <label htmlFor="kind" className={labelClass}>
            Event
          </label>
          <select id="kind" name="kind" defaultValue={query.kind ?? ''} className={inputClass}>
            <option value="">any</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from" className={labelClass}>
            From
          </label>
          <input id="from" name="from" type="date" defaultValue={query.from ?? ''} className={inputClass} />
        </div>
        <div>
          <label htmlFor="to" className={labelClass}>
            To
          </label>
          <input id="to" name="to" type="date" defaultValue={query.to ?? ''} className={inputClass} />
        </div>
        <button type="submit" className={buttonClass}>
          Filter
        </button>
      </form>
      <Table label="Audit events" head={['Time', 'Event', 'User', 'By', 'Client', 'IP', 'Detail']} empty={result.rows.length === 0}>
        {result.rows.map((e) => (
          <tr key={e.id} data-testid="audit-row">
            <td className={td}>{formatTime(e.createdAt)}</td>
            <td className={td}>{e.kind}</td>
            <td className={td}>
              {e.userId !== null ? (
                <Link href={`/admin/users/${e.userId}`} className="text-blue-700 underline">
                  {e.userName ?? `#${e.userId}`}
                </Link>
              ) : (
                '—'
              )}
            </td>
            <td className={td}>{e.actorId !== null ? (e.actorName ?? `#${e.actorId}`) : '—'}</td>
            <td className={td}>{e.client ?? '—'}</td>
            <td className={td}>{e.ip ?? '—'}</td>
            <td className={`${td} max-w-xs break-all`}>{e.detail ?? ''}</td>
          </tr>
        ))}
      </Table>
      <Pager
        path="/admin/audit"
        query={{ user: query.user, kind: query.kind, from: query.from, to: query.to }}
        page={result.page}
        pages={result.pages}
        total={result.total}
      />
    </>
  )
}
