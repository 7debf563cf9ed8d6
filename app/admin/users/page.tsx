import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { requireAdmin } from '@/lib/admin/guard'
import { searchUsers } from '@/lib/admin/users'
import { listRoles } from '@/lib/admin/roles'
import { usersQuery } from '@/lib/admin/schemas'
import { Time } from '@/components/time'
import { ActionForm, SubmitButton } from '@/components/admin/action-form'
import { PageTitle, Pager, StatusBadge, Table, td, inputClass, labelClass, buttonClass } from '@/components/admin/ui'
import { bulkUsersAction } from '../actions'

export const dynamic = 'force-dynamic'

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin('/admin/users')
  const query = usersQuery.parse(await searchParams)
  const [result, roles] = await Promise.all([searchUsers({ q: query.q, status: query.status, page: query.page }), listRoles()])
  const [t, tu] = await Promise.all([getTranslations('admin.users'), getTranslations('admin.ui')])
  const exportQuery = new URLSearchParams(Object.entries({ q: query.q, status: query.status }).filter((e): e is [string, string] => Boolean(e[1])))
  return (
    <>
      <PageTitle sub={t('sub')}>{t('title')}</PageTitle>
      <p className="mb-4 flex flex-wrap gap-3 text-sm">
        <Link href="/admin/users/new" className={buttonClass}>
          {t('new')}
        </Link>
        <a href={`/admin/users/export${exportQuery.size ? `?${exportQuery}` : ''}`} download className="self-center text-blue-700 underline">
          {t('export')}
        </a>
      </p>
      <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-56">
          <label htmlFor="q" className={labelClass}>
            {t('search')}
          </label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ''} placeholder={t('placeholder')} className={inputClass} />
        </div>
        <div>
          <label htmlFor="status" className={labelClass}>
            {t('status')}
          </label>
          <select id="status" name="status" defaultValue={query.status ?? ''} className={inputClass}>
            <option value="">{tu('any')}</option>
            <option value="active">{tu('status.active')}</option>
            <option value="disabled">{tu('status.disabled')}</option>
          </select>
        </div>
        <button type="submit" className={buttonClass}>
          {t('search')}
        </button>
      </form>
      <ActionForm
        action={bulkUsersAction}
        id="bulk"
        label={t('bulkLabel')}
        className="mb-3 flex flex-wrap items-end gap-3"
        // `{n}` stays in the words: the form puts in how many users are selected when it asks.
        confirm={t('bulkConfirm', { n: '{n}' })}
        countField="userIds"
        confirmLabel={t('bulkApply')}
      >
        <div>
          <label htmlFor="bulk-action" className={labelClass}>
            {t('bulkWith')}
          </label>
          <select id="bulk-action" name="action" className={inputClass}>
            <option value="">{t('bulkChoose')}</option>
            <option value="disable">{t('bulkDisable')}</option>
            <option value="enable">{t('bulkEnable')}</option>
            <option value="add-role">{t('bulkAddRole')}</option>
          </select>
        </div>
        <div>
          <label htmlFor="bulk-role" className={labelClass}>
            {t('bulkRole')}
          </label>
          <select id="bulk-role" name="role" className={inputClass}>
            <option value="">—</option>
            {roles.map((r) => (
              <option key={r.id} value={r.name}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <SubmitButton variant="secondary">{t('bulkSubmit')}</SubmitButton>
      </ActionForm>
      <Table
        label={t('table')}
        head={['', t('id'), t('name'), t('phone'), t('email'), t('roles'), t('status'), t('created'), t('lastLogin')]}
        empty={result.rows.length === 0}
      >
        {result.rows.map((u) => (
          <tr key={u.id} data-testid="user-row">
            <td className={td}>
              <input type="checkbox" name="userIds" value={u.id} form="bulk" aria-label={t('select', { name: u.name })} />
            </td>
            <td className={td}>{u.id}</td>
            <td className={`${td} max-w-[14rem] truncate`} title={u.name}>
              <Link href={`/admin/users/${u.id}`} className="text-blue-700 underline">
                {u.name}
              </Link>
            </td>
            <td className={td}>{u.phone ?? '—'}</td>
            <td className={`${td} max-w-[16rem] truncate`} title={u.email ?? ''}>
              {u.email ?? '—'}
            </td>
            <td className={td}>{u.roles.join(', ')}</td>
            <td className={td}>
              <StatusBadge status={u.status} />
            </td>
            <td className={td}>
              <Time value={u.createdAt} />
            </td>
            <td className={td}>
              <Time value={u.lastLoginAt} />
            </td>
          </tr>
        ))}
      </Table>
      <Pager path="/admin/users" query={{ q: query.q, status: query.status }} page={result.page} pages={result.pages} total={result.total} />
    </>
  )
}
