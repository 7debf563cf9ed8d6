// Small building blocks of the dashboard's pages (server components).
import Link from 'next/link'
import type { ReactNode } from 'react'
import { useFormatter, useTranslations } from 'next-intl'
import { isActive } from '@/lib/core/rules'

export function PageTitle({ children, sub }: { children: ReactNode; sub?: ReactNode }) {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-semibold">{children}</h1>
      {sub ? <p className="mt-1 text-sm text-slate-600">{sub}</p> : null}
    </div>
  )
}

export function Panel({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  const headingId = id ? `${id}-title` : undefined
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      {/* A title may hold a long id (a client's `svc_…`): it breaks anywhere rather than widen a phone's page. */}
      <h2 id={headingId} className="text-lg font-semibold [overflow-wrap:anywhere]">
        {title}
      </h2>
      <div className="mt-3">{children}</div>
    </section>
  )
}

/**
 * A table that scrolls sideways inside its box on a narrow screen instead of breaking the page.
 * `fit`: its long cells wrap (or truncate, see Clip) so that it fits the page's width on a desktop.
 */
export function Table({ label, head, children, empty, fit }: { label: string; head: string[]; children: ReactNode; empty?: boolean; fit?: boolean }) {
  const t = useTranslations('admin.ui')
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className={`w-full text-left text-sm ${fit ? 'min-w-[56rem] lg:min-w-0' : 'min-w-max'}`} aria-label={label}>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col" className="px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {children}
          {empty ? (
            <tr>
              <td colSpan={head.length} className="px-3 py-6 text-center text-slate-600">
                {t('nothingFound')}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  )
}

export const td = 'px-3 py-2 align-top'

/** Previous / next links that keep the other query parameters. */
export function Pager({
  path,
  query,
  page,
  pages,
  total,
}: {
  path: string
  query: Record<string, string | undefined>
  page: number
  pages: number
  total: number
}) {
  const href = (p: number) => {
    const sp = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) if (v) sp.set(k, v)
    if (p > 1) sp.set('page', String(p))
    const s = sp.toString()
    return s ? `${path}?${s}` : path
  }
  const t = useTranslations('admin.ui')
  const format = useFormatter()
  const link = 'rounded-md border border-slate-300 bg-white px-3 py-1 text-blue-700 hover:bg-slate-100'
  return (
    <nav aria-label={t('pages')} className="mt-3 flex flex-wrap items-center gap-3 text-sm">
      <span data-testid="pager-summary">
        {t('pagerSummary', { page: format.number(Math.min(page, pages)), pages: format.number(pages), total: format.number(total) })}
      </span>
      {page > 1 ? (
        <Link className={link} href={href(Math.min(page - 1, pages))} rel="prev">
          {t('previous')}
        </Link>
      ) : null}
      {page < pages ? (
        <Link className={link} href={href(page + 1)} rel="next">
          {t('next')}
        </Link>
      ) : null}
    </nav>
  )
}

export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations('admin.ui.status')
  return (
    <span className={`rounded px-2 py-0.5 text-xs font-medium ${isActive({ status }) ? 'bg-green-100 text-green-900' : 'bg-red-100 text-red-900'}`}>
      {status === 'active' || status === 'disabled' ? t(status) : status}
    </span>
  )
}

export const inputClass =
  'mt-1 w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm outline-none focus:ring-2 focus:ring-blue-600'
export const labelClass = 'block text-sm font-medium text-slate-800'
export const buttonClass =
  'inline-flex items-center justify-center rounded-md bg-blue-700 px-3 py-2 text-sm font-medium text-white hover:bg-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2'

/** A long value cut to one line, shown whole on hover (title) and on keyboard focus. */
export function Clip({ value, className = 'max-w-[14rem]' }: { value: string | null | undefined; className?: string }) {
  if (!value) return <>—</>
  return (
    <span
      tabIndex={0}
      title={value}
      data-testid="clip"
      className={`block truncate rounded focus:overflow-visible focus:break-all focus:whitespace-normal focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 ${className}`}
    >
      {value}
    </span>
  )
}
