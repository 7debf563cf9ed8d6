// GET /admin/users/export?q=&status= : the users a search finds, as CSV (the same search as the list).
import { adminForRoute } from '@/lib/admin/guard'
import { exportUsersCsv } from '@/lib/admin/users'
import { usersQuery } from '@/lib/admin/schemas'
import { audit } from '@/lib/core/audit'

export const dynamic = 'force-dynamic'

export async function GET(request: Request): Promise<Response> {
  const gate = await adminForRoute('/admin/users')
  if (gate instanceof Response) return gate
  const query = usersQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const csv = await exportUsersCsv({ q: query.q, status: query.status })
  await audit({
    kind: 'admin.action',
    actorId: gate.actor.actorId,
    ip: gate.actor.ip,
    client: 'admin',
    detail: { action: 'users.export', q: query.q ?? null, status: query.status ?? null },
  })
  const day = new Date().toISOString().slice(0, 10)
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="users-${day}.csv"`,
      'cache-control': 'no-store',
    },
  })
}
