import Link from 'next/link'
import { requireAdmin } from '@/lib/admin/guard'
import { listLiveSessions } from '@/lib/admin/sessions'
import { SESSION_CLIENTS, sessionClientLabel } from '@/lib/dialects'
import { sessionsQuery } from '@/lib/admin/schemas'
import { formatTime } from '@/lib/admin/format'
import { ActionForm, SubmitButton } from '@/components/admin/action-form'
import { Clip, PageTitle, Pager, Table, td, inputClass, labelClass, buttonClass } from '@/components/admin/ui'
import { revokeSessionAction } from '../actions'

export const dynamic = 'force-dynamic'

export default async function SessionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin('/admin/sessions')
  const query = sessionsQuery.parse(await searchParams)
  const result = await listLiveSessions({ user: query.user, client: query.client, page: query.page })
  return (
    <>
      <PageTitle sub="Every live session, from every dialect and the browser. Revoking one refuses its tokens from the next request on.">Sessions</PageTitle>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-56">
          <label htmlFor="user" className={labelClass}>
            User (name, email, phone or #id)
          </label>
          <input id="user" name="user" type="search" defaultValue={query.user ?? ''} className={inputClass} />
        </div>
        <div>
          <label htmlFor="client" className={labelClass}>
            Dialect
          </label>
          <select id="client" name="client" defaultValue={query.client ?? ''} className={inputClass}>
            <option value="">any</option>
            {SESSION_CLIENTS.map(({ client, label }) => (
              <option key={client} value={client}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClass}>
          Filter
        </button>
      </form>
      <Table label="Live sessions" head={['User', 'Dialect', 'Started', 'Last used', 'Expires', 'IP', 'User agent', '']} empty={result.rows.length === 0} fit>
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
            <td className={td}>{formatTime(s.createdAt)}</td>
            <td className={td}>{formatTime(s.lastUsedAt)}</td>
            <td className={td}>{formatTime(s.expiresAt)}</td>
            <td className={td}>{s.ip ?? '—'}</td>
            <td className={td} data-testid="session-user-agent">
              <Clip value={s.userAgent} className="max-w-[12rem]" />
            </td>
            <td className={td}>
              <ActionForm
                action={revokeSessionAction}
                id={`revoke-${s.id}`}
                confirm={`End ${s.userName}'s ${sessionClientLabel(s.client)} session? Its tokens are refused from the next request on.`}
                confirmLabel="End session"
              >
                <input type="hidden" name="sessionId" value={s.id} />
                <SubmitButton variant="danger" aria-label={`Revoke ${s.userName}'s ${sessionClientLabel(s.client)} session`}>
                  Revoke
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
