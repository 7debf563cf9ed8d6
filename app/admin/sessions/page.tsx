import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { requireAdmin } from '@/lib/admin/guard'
import { listLiveSessions } from '@/lib/admin/sessions'
import { SESSION_CLIENTS, sessionClientLabel } from '@/lib/dialects'
import { sessionsQuery } from '@/lib/admin/schemas'
import { Time } from '@/components/time'
import { ActionForm, SubmitButton } from '@/components/admin/action-form'
import { Clip, PageTitle, Pager, Table, td, inputClass, labelClass, buttonClass } from '@/components/admin/ui'
import { revokeSessionAction } from '../actions'

export const dynamic = 'force-dynamic'

export default async function SessionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin('/admin/sessions')
  const query = sessionsQuery.parse(await searchParams)
  const result = await listLiveSessions({ user: query.user, client: query.client, page: query.page })
  const [t, tu] = await Promise.all([getTranslations('admin.sessions'), getTranslations('admin.ui')])
  return (
    <>
      <PageTitle sub={t('sub')}>{t('title')}</PageTitle>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-56">
          <label htmlFor="user" className={labelClass}>
            {t('user')}
          </label>
          <input id="user" name="user" type="search" defaultValue={query.user ?? ''} className={inputClass} />
        </div>
        <div>
          <label htmlFor="client" className={labelClass}>
            {t('dialect')}
          </label>
          <select id="client" name="client" defaultValue={query.client ?? ''} className={inputClass}>
            <option value="">{tu('any')}</option>
            {SESSION_CLIENTS.map(({ client, label }) => (
              <option key={client} value={client}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClass}>
          {tu('filter')}
        </button>
      </form>
      <Table
        label={t('table')}
        head={[t('head.user'), t('head.dialect'), t('head.started'), t('head.lastUsed'), t('head.expires'), t('head.ip'), t('head.userAgent'), '']}
        empty={result.rows.length === 0}
        fit
      >
        {result.rows.map((s) => (
          <tr key={s.id} data-testid="session-row">
            <td className={td}>
              <Link href={`/admin/users/${s.userId}`} className="text-blue-700 underline">
                {s.userName}
              </Link>
            </td>
            <td className={td}>
              {sessionClientLabel(s.client)}
              {s.clientGroup ? ` (${s.clientGroup})` : ''}
            </td>
            <td className={td}>
              <Time value={s.createdAt} />
            </td>
            <td className={td}>
              <Time value={s.lastUsedAt} />
            </td>
            <td className={td}>
              <Time value={s.expiresAt} />
            </td>
            <td className={td}>{s.ip ?? '—'}</td>
            <td className={td} data-testid="session-user-agent">
              <Clip value={s.userAgent} className="max-w-[12rem]" />
            </td>
            <td className={td}>
              <ActionForm
                action={revokeSessionAction}
                id={`revoke-${s.id}`}
                confirm={t('confirm', { name: s.userName, client: sessionClientLabel(s.client) })}
                confirmLabel={t('end')}
              >
                <input type="hidden" name="sessionId" value={s.id} />
                <SubmitButton variant="danger" aria-label={t('revokeAria', { name: s.userName, client: sessionClientLabel(s.client) })}>
                  {t('revoke')}
                </SubmitButton>
              </ActionForm>
            </td>
          </tr>
        ))}
      </Table>
      <Pager path="/admin/sessions" query={{ user: query.user, client: query.client }} page={result.page} pages={result.pages} total={result.total} />
    </>
  )
}
