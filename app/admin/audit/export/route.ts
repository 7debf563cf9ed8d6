// GET /admin/audit/export?user=&kind=&from=&to= : the filtered audit view as CSV, event names in
// the pages' language (lib/i18n/request.ts: the switcher's cookie, else Accept-Language).
import { getTranslations } from 'next-intl/server'
import { adminForRoute } from '@/lib/admin/guard'
import { exportAuditCsv } from '@/lib/admin/audit'
import { auditFilter } from '@/lib/admin/audit-view'
import { auditQuery } from '@/lib/admin/schemas'
import { audit } from '@/lib/core/audit'
import { auditLabel } from '@/lib/admin/audit-labels'
import { getTranslate } from '@/lib/i18n/server'

export const dynamic = 'force-dynamic'

export async function GET(request: Request): Promise<Response> {
  const gate = await adminForRoute('/admin/audit')
  if (gate instanceof Response) return gate
  const query = auditQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const { filter, error } = auditFilter(query)
  if (error) {
    const t = await getTranslations('admin.audit')
    return new Response(t(error.key, error.values), { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } })
  }
  const t = await getTranslate()
  const csv = await exportAuditCsv(filter, (kind) => auditLabel(t, kind))
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
