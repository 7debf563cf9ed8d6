import Link from 'next/link'
import { requireAdmin } from '@/lib/admin/guard'
import { searchUsers } from '@/lib/admin/users'
import { listRoles } from '@/lib/admin/roles'
import { usersQuery } from '@/lib/admin/schemas'
import { formatTime } from '@/lib/admin/format'
import { ActionForm, SubmitButton } from '@/components/admin/action-form'
import { PageTitle, Pager, StatusBadge, Table, td, inputClass, labelClass, buttonClass } from '@/components/admin/ui'
import { bulkUsersAction } from '../actions'

export const dynamic = 'force-dynamic'

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin('/admin/users')
  const query = usersQuery.parse(await searchParams)
  const [result, roles] = await Promise.all([searchUsers({ q: query.q, status: query.status, page: query.page }), listRoles()])
  const exportQuery = new URLSearchParams(Object.entries({ q: query.q, status: query.status }).filter((e): e is [string, string] => Boolean(e[1])))
  return (
    <>
      <PageTitle sub="Search by any part of a name, email or phone (the last digits too), or #id.">Users</PageTitle>
      <p className="mb-4 flex flex-wrap gap-3 text-sm">
        <Link href="/admin/users/new" className={buttonClass}>
          New user
        </Link>
        <a href={`/admin/users/export${exportQuery.size ? `?${exportQuery}` : ''}`} download className="self-center text-blue-700 underline">
          Export this search as CSV
        </a>
      </p>
      <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-56">
          <label htmlFor="q" className={labelClass}>
            Search
          </label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ''} placeholder="zhang, 5678 (phone tail), @example.com, #42" className={inputClass} />
        </div>
        <div>
          <label htmlFor="status" className={labelClass}>
            Status
          </label>
          <select id="status" name="status" defaultValue={query.status ?? ''} className={inputClass}>
            <option value="">any</option>
            <option value="active">active</option>
            <option value="disabled">disabled</option>
          </select>
        </div>
        <button type="submit" className={buttonClass}>
          Search
        </button>
      </form>
      <ActionForm
        action={bulkUsersAction}
        id="bulk"
        label="Act on the selected users"
        className="mb-3 flex flex-wrap items-end gap-3"
        confirm="Apply this to the {n} selected users? Disabling ends all their live sessions at once."
        countField="userIds"
        confirmLabel="Apply"
      >
        <div>
          <label htmlFor="bulk-action" className={labelClass}>
            With the selected users
          </label>
          <select id="bulk-action" name="action" className={inputClass}>
            <option value="">Choose an action</option>
            <option value="disable">Disable</option>
            <option value="enable">Enable</option>
            <option value="add-role">Add a role</option>
          </select>
        </div>
        <div>
          <label htmlFor="bulk-role" className={labelClass}>
            Role (for Add a role)
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
        <SubmitButton variant="secondary">Apply to selected</SubmitButton>
      </ActionForm>
      <Table label="Users" head={['', 'ID', 'Name', 'Phone', 'Email', 'Roles', 'Status', 'Created', 'Last login']} empty={result.rows.length === 0}>
        {result.rows.map((u) => (
          <tr key={u.id} data-testid="user-row">
            <td className={td}>
              <input type="checkbox" name="userIds" value={u.id} form="bulk" aria-label={`Select ${u.name}`} />
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
            <td className={td}>{formatTime(u.createdAt)}</td>
            <td className={td}>{formatTime(u.lastLoginAt)}</td>
          </tr>
        ))}
      </Table>
      <Pager path="/admin/users" query={{ q: query.q, status: query.status }} page={result.page} pages={result.pages} total={result.total} />
    </>
  )
}
