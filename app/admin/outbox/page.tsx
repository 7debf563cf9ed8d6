import { getTranslations } from 'next-intl/server'
import { requireAdmin } from '@/lib/admin/guard'
import { listOutbox } from '@/lib/admin/outbox'
import { outboxQuery } from '@/lib/admin/schemas'
import { Time } from '@/components/time'
import { Clip, PageTitle, Pager, Table, td, inputClass, labelClass, buttonClass } from '@/components/admin/ui'

export const dynamic = 'force-dynamic'

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin('/admin/outbox')
  const query = outboxQuery.parse(await searchParams)
  const result = await listOutbox({ channel: query.channel, recipient: query.recipient, page: query.page })
  const [t, tu, to] = await Promise.all([getTranslations('admin.outbox'), getTranslations('admin.ui'), getTranslations('admin.overview.channels')])
  return (
    <>
      <PageTitle sub={t('sub')}>{t('title')}</PageTitle>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-56">
          <label htmlFor="recipient" className={labelClass}>
            {t('recipient')}
          </label>
          <input id="recipient" name="recipient" type="search" defaultValue={query.recipient ?? ''} className={inputClass} />
        </div>
        <div>
          <label htmlFor="channel" className={labelClass}>
            {t('channel')}
          </label>
          <select id="channel" name="channel" defaultValue={query.channel ?? ''} className={inputClass}>
            <option value="">{tu('any')}</option>
            <option value="sms">{to('sms')}</option>
            <option value="mail">{to('mail')}</option>
          </select>
        </div>
        <button type="submit" className={buttonClass}>
          {tu('filter')}
        </button>
      </form>
      <Table
        label={t('table')}
        head={[
          t('head.time'),
          t('head.channel'),
          t('head.provider'),
          t('head.recipient'),
          t('head.purpose'),
          t('head.text'),
          t('head.result'),
          t('head.providerCode'),
        ]}
        empty={result.rows.length === 0}
        fit
      >
        {result.rows.map((m) => (
          <tr key={m.id} data-testid="outbox-row" data-recipient={m.recipient}>
            <td className={td}>
              <Time value={m.createdAt} />
            </td>
            <td className={td}>{to(m.channel === 'sms' ? 'sms' : 'mail')}</td>
            <td className={td}>{m.provider}</td>
            <td className={`${td} break-all`}>{m.recipient}</td>
            <td className={td}>{m.purpose}</td>
            <td className={`${td} min-w-[12rem] break-words whitespace-normal`}>
              {m.subject ? <strong className="block">{m.subject}</strong> : null}
              {m.body}
            </td>
            <td className={td} data-testid="outbox-result">
              <Clip value={m.result} className="max-w-[8rem]" />
            </td>
            <td className={td}>
              <Clip value={m.providerCode} className="max-w-[8rem]" />
            </td>
          </tr>
        ))}
      </Table>
      <Pager path="/admin/outbox" query={{ channel: query.channel, recipient: query.recipient }} page={result.page} pages={result.pages} total={result.total} />
    </>
  )
}
