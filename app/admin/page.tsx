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
    { label: 'Failed sign-ins today', value: o.days[o.days.length - 1].failures },
    { label: 'Locked accounts', value: o.lockedAccounts, note: 'too many wrong passwords, this minute' },
    // #22 (importer): users still on a legacy password hash, rehashed at their next sign-in.
    {
      label: 'Legacy password hashes',
      value: o.legacyHashes,
      note: o.legacyFormats.length ? o.legacyFormats.map((f) => `${f.format} ${f.users}${f.weak ? ' (weak)' : ''}`).join(', ') : 'not yet argon2',
    },
  ]
  return (
    <>
      <PageTitle sub={`Days are counted in ${config().ADMIN_TIMEZONE}.`}>Overview</PageTitle>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7">
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
      <div className="mt-6 grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Panel title="Sign-ins, failures and registrations, last 30 days" id="chart">
          <DailyChart days={o.days} />
        </Panel>
        <Panel title="Codes today, per provider" id="codes">
          {o.codesToday.length === 0 ? <p className="text-sm text-slate-600">No code sent today.</p> : null}
          <table className="w-full text-left text-sm" aria-label="Codes today, per provider" hidden={o.codesToday.length === 0}>
            <thead>
              <tr>
                <th className="pr-3 font-medium">Channel</th>
                <th className="pr-3 font-medium">Provider</th>
                <th className="pr-3 font-medium">Sent</th>
                <th className="font-medium">Not delivered</th>
              </tr>
            </thead>
            <tbody>
              {o.codesToday.map((c) => (
                <tr key={`${c.channel}/${c.provider}`} data-testid="codes-row">
                  <td className="pr-3">{c.channel}</td>
                  <td className="pr-3">{c.provider}</td>
                  <td className="pr-3">{c.sent}</td>
                  <td className={c.failed ? 'font-semibold text-red-800' : ''}>{c.failed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
      </div>
    </>
  )
}
