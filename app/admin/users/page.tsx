import Link from 'next/link'
import { requireAdmin } from '@/lib/admin/guard'
import { searchUsers } from '@/lib/admin/users'
import { usersQuery } from '@/lib/admin/schemas'
import { formatTime } from '@/lib/admin/format'
import { PageTitle, Pager, StatusBadge, Table, td, inputClass, labelClass, buttonClass } from '@/components/admin/ui'

export const dynamic = 'force-dynamic'

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin('/admin/users')
  const query = usersQuery.parse(await searchParams)
  const result = await searchUsers({ q: query.q, status: query.status, page: query.page })
  return (
    <>
      <PageTitle sub="Search by name, email or phone (the start of it), or #id.">Users</PageTitle>
      <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-56">
          <label htmlFor="q" className={labelClass}>
            Search
          </label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ''} placeholder="zhang, 138…, a@b.c, #42" className={inputClass} />
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
      <Table label="Users" head={['ID', 'Name', 'Phone', 'Email', 'Roles', 'Status', 'Created', 'Last login']} empty={result.rows.length === 0}>
        {result.rows.map((u) => (
          <tr key={u.id} data-testid="user-row">
            <td className={td}>{u.id}</td>
            <td className={td}>
              <Link href={`/admin/users/${u.id}`} className="text-blue-700 underline">
                {u.name}
              </Link>
            </td>
            <td className={td}>{u.phone ?? '—'}</td>
            <td className={td}>{u.email ?? '—'}</td>
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
