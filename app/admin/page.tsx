import { getFormatter, getTranslations } from 'next-intl/server'
import { requireAdmin } from '@/lib/admin/guard'
import { overview, type Overview } from '@/lib/admin/overview'
import { config } from '@/lib/config'
import { DailyChart } from '@/components/admin/chart'
import { PageTitle, Panel } from '@/components/admin/ui'

export const dynamic = 'force-dynamic'

export default async function AdminOverview() {
  await requireAdmin('/admin')
  const o = await overview()
  const [t, format] = await Promise.all([getTranslations('admin.overview'), getFormatter()])
  // `id` names each count for the tests (data-testid), the same in every language.
  const counts = [
    { id: 'users', label: t('users'), value: o.users, note: o.disabledUsers ? t('disabledUsers', { n: format.number(o.disabledUsers) }) : undefined },
    { id: 'live-sessions', label: t('liveSessions'), value: o.liveSessions },
    { id: 'sign-ins-today', label: t('signInsToday'), value: o.signInsToday },
    { id: 'sms-today', label: t('smsToday'), value: o.smsToday },
    { id: 'failed-sign-ins-today', label: t('failedToday'), value: o.days[o.days.length - 1].failures },
    { id: 'locked-accounts', label: t('locked'), value: o.lockedAccounts, note: t('lockedNote') },
    // #22 (importer): users still on a legacy password hash, rehashed at their next sign-in (the list below).
    { id: 'legacy-password-hashes', label: t('legacy'), value: o.legacyHashes, note: o.legacyHashes ? t('legacyNote') : undefined },
  ]
  return (
    <>
      <PageTitle sub={t('sub', { zone: config().ADMIN_TIMEZONE })}>{t('title')}</PageTitle>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7">
        {counts.map((c) => (
          <div key={c.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-600">{c.label}</dt>
            <dd className="mt-1 text-2xl font-semibold" data-testid={`count-${c.id}`}>
              {format.number(c.value)}
            </dd>
            {c.note ? <dd className="text-xs text-slate-600">{c.note}</dd> : null}
          </div>
        ))}
      </dl>
      <div className="mt-6 grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Panel title={t('chart', { days: o.days.length })} id="chart">
          <DailyChart days={o.days} />
        </Panel>
        <div className="grid content-start gap-4">
          <Panel title={t('codes')} id="codes">
            {o.codesToday.length === 0 ? <p className="text-sm text-slate-600">{t('noCodes')}</p> : null}
            <table className="w-full text-left text-sm" aria-label={t('codes')} hidden={o.codesToday.length === 0}>
              <thead>
                <tr>
                  <th className="pr-3 font-medium">{t('channel')}</th>
                  <th className="pr-3 font-medium">{t('provider')}</th>
                  <th className="pr-3 font-medium">{t('sent')}</th>
                  <th className="font-medium">{t('failed')}</th>
                </tr>
              </thead>
              <tbody>
                {o.codesToday.map((c) => (
                  <tr key={`${c.channel}/${c.provider}`} data-testid="codes-row">
                    <td className="pr-3">{c.channel === 'sms' || c.channel === 'mail' ? t(`channels.${c.channel}`) : c.channel}</td>
                    <td className="pr-3">{c.provider}</td>
                    <td className="pr-3">{format.number(c.sent)}</td>
                    <td className={c.failed ? 'font-semibold text-red-800' : ''}>{format.number(c.failed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
          <LegacyFormats formats={o.legacyFormats} />
        </div>
      </div>
    </>
  )
}

/**
 * The users still on a legacy password hash (#22), one row per format with its count; a weak
 * format (unsalted md5, Werkzeug's one-round hashes) is marked and says why. Each becomes argon2id
 * at that user's next sign-in.
 */
async function LegacyFormats({ formats }: { formats: Overview['legacyFormats'] }) {
  const [t, format] = await Promise.all([getTranslations('admin.legacy'), getFormatter()])
  return (
    <Panel title={t('title')} id="legacy">
      {formats.length === 0 ? (
        <p className="text-sm text-slate-600">{t('none')}</p>
      ) : (
        <>
          <p className="text-sm text-slate-700">{t('upgrade')}</p>
          <table className="mt-3 w-full text-left text-sm" aria-label={t('label')}>
            <thead>
              <tr>
                <th className="pr-3 font-medium">{t('format')}</th>
                <th className="font-medium">{t('users')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {formats.map((f) => (
                <tr key={f.format} data-testid="legacy-format" data-format={f.format}>
                  <td className="py-1 pr-3 align-top">
                    {t(`names.${f.format}`)}
                    {f.weak ? (
                      <>
                        {' '}
                        <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-900">{t('weak')}</span>
                        {f.format === 'md5' || f.format === 'werkzeug-plain' ? (
                          <span className="mt-1 block text-xs text-slate-600">{t(`why.${f.format}`)}</span>
                        ) : null}
                      </>
                    ) : null}
                  </td>
                  <td className="py-1 align-top">{format.number(f.users)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  )
}
