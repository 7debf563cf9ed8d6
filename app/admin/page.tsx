import { requireAdmin } from '@/lib/admin/guard'
import { overview } from '@/lib/admin/overview'
import { config } from '@/lib/config'
import { DailyChart } from '@/components/admin/chart'
import { PageTitle, Panel } from '@/components/admin/ui'

export const dynamic = 'force-dynamic'

export default async function AdminOverview() {
  await requireAdmin('/admin')
  const o = await overview()
  const counts = [
    { label: 'Users', value: o.users, note: o.disabledUsers ? `${o.disabledUsers} disabled` : undefined },
    { label: 'Live sessions', value: o.liveSessions },
    { label: 'Sign-ins today', value: o.signInsToday },
    { label: 'SMS today', value: o.smsToday },
  ]
  return (
    <>
      <PageTitle sub={`Days are counted in ${config().ADMIN_TIMEZONE}.`}>Overview</PageTitle>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {counts.map((c) => (
          <div key={c.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-600">{c.label}</dt>
            <dd className="mt-1 text-2xl font-semibold" data-testid={`count-${c.label.toLowerCase().replace(/\s+/g, '-')}`}>
              {c.value.toLocaleString('en-US')}
            </dd>
            {c.note ? <dd className="text-xs text-slate-600">{c.note}</dd> : null}
          </div>
        ))}
      </dl>
      <div className="mt-6">
        <Panel title="Sign-ins and registrations, last 30 days" id="chart">
          <DailyChart days={o.days} />
        </Panel>
      </div>
    </>
  )
}
