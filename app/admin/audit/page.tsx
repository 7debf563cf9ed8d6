import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { requireAdmin } from '@/lib/admin/guard'
import { auditKinds, detailPairs, listAudit } from '@/lib/admin/audit'
import { auditFilter } from '@/lib/admin/audit-view'
import { auditQuery } from '@/lib/admin/schemas'
import { auditLabel } from '@/lib/admin/audit-labels'
import { getTranslate } from '@/lib/i18n/server'
import { Time } from '@/components/time'
import { config } from '@/lib/config'
import { PageTitle, Pager, Table, td, inputClass, labelClass, buttonClass } from '@/components/admin/ui'

export const dynamic = 'force-dynamic'

function UserLink({ id, name }: { id: number | null; name: string | null }) {
  if (id === null) return <>—</>
  return (
    <Link href={`/admin/users/${id}`} className="text-blue-700 underline">
      {name ?? `#${id}`}
    </Link>
  )
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin('/admin/audit')
  const query = auditQuery.parse(await searchParams)
  const [t, tr] = await Promise.all([getTranslations('admin.audit'), getTranslate()])
  const tu = await getTranslations('admin.ui')
  const tz = config().ADMIN_TIMEZONE
  const { filter, error } = auditFilter(query)
  const [result, kinds] = await Promise.all([
    error ? { rows: [], page: 1, pages: 1, total: 0, pageSize: 20 } : listAudit({ ...filter, page: query.page }),
    auditKinds(),
  ])
  const exportQuery = new URLSearchParams(
    Object.entries({ user: query.user, kind: query.kind, from: query.from, to: query.to }).filter((e): e is [string, string] => Boolean(e[1])),
  )
  return (
    <>
      <PageTitle sub={t('sub', { zone: tz })}>{t('title')}</PageTitle>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-48">
          <label htmlFor="user" className={labelClass}>
            {t('user')}
          </label>
          <input id="user" name="user" type="search" defaultValue={query.user ?? ''} className={inputClass} />
        </div>
        <div>
          <label htmlFor="kind" className={labelClass}>
            {t('event')}
          </label>
          <select id="kind" name="kind" defaultValue={query.kind ?? ''} className={inputClass}>
            <option value="">{tu('any')}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {auditLabel(tr, k)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from" className={labelClass}>
            {t('from')}
          </label>
          <input
            id="from"
            name="from"
            type="date"
            defaultValue={query.from ?? ''}
            className={inputClass}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'range-error' : undefined}
          />
        </div>
        <div>
          <label htmlFor="to" className={labelClass}>
            {t('to')}
          </label>
          <input
            id="to"
            name="to"
            type="date"
            defaultValue={query.to ?? ''}
            className={inputClass}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'range-error' : undefined}
          />
        </div>
        <button type="submit" className={buttonClass}>
          {tu('filter')}
        </button>
      </form>
      {error ? (
        <p id="range-error" role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {t(error.key, error.values)}
        </p>
      ) : (
        <p className="mb-3 text-sm">
          <a href={`/admin/audit/export${exportQuery.size ? `?${exportQuery}` : ''}`} download className="text-blue-700 underline">
            {t('export')}
          </a>
        </p>
      )}
      <Table
        label={t('table')}
        head={[t('head.time'), t('head.event'), t('head.user'), t('head.by'), t('head.client'), t('head.ip'), t('head.detail')]}
        empty={result.rows.length === 0}
      >
        {result.rows.map((e) => (
          <tr key={e.id} data-testid="audit-row" data-kind={e.kind}>
            <td className={`${td} whitespace-nowrap`}>
              <Time value={e.createdAt} />
            </td>
            <td className={td} title={e.kind}>
              {auditLabel(tr, e.kind)}
            </td>
            <td className={td}>
              <UserLink id={e.userId} name={e.userName} />
            </td>
            <td className={td}>
              <UserLink id={e.actorId} name={e.actorName} />
            </td>
            <td className={td}>{e.client ?? '—'}</td>
            <td className={td}>{e.ip ?? '—'}</td>
            <td className={`${td} max-w-xs`}>
              <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2 text-xs">
                {detailPairs(e.detail).map(([k, v]) => (
                  <div key={k} className="contents">
                    <dt className="text-slate-600">{k}</dt>
                    <dd className="break-all">{v}</dd>
                  </div>
                ))}
              </dl>
            </td>
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
