// GET /admin/audit/export?user=&kind=&from=&to= : the filtered audit view as CSV, event names in
// the language of Accept-Language.
import { adminForRoute } from '@/lib/admin/guard'
import { exportAuditCsv } from '@/lib/admin/audit'
import { auditFilter } from '@/lib/admin/audit-view'
import { auditQuery } from '@/lib/admin/schemas'
import { audit } from '@/lib/core/audit'
import { auditLabel, pickLang } from '@/lib/core/audit-labels'

export const dynamic = 'force-dynamic'

export async function GET(request: Request): Promise<Response> {
  const gate = await adminForRoute('/admin/audit')
  if (gate instanceof Response) return gate
  const query = auditQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const { filter, error } = auditFilter(query)
  if (error) return new Response(error, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } })
  const lang = pickLang(request.headers.get('accept-language'))
  const csv = await exportAuditCsv(filter, (kind) => auditLabel(kind, lang))
  await audit({
    kind: 'admin.action',
    actorId: gate.actor.actorId,
    ip: gate.actor.ip,
    client: 'admin',
    detail: { action: 'audit.export', ...query, page: undefined },
  })
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    },
  })
}
