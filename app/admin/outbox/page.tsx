import { requireAdmin } from '@/lib/admin/guard'
import { listOutbox } from '@/lib/admin/outbox'
import { outboxQuery } from '@/lib/admin/schemas'
import { formatTime } from '@/lib/admin/format'
import { Clip, PageTitle, Pager, Table, td, inputClass, labelClass, buttonClass } from '@/components/admin/ui'

export const dynamic = 'force-dynamic'

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin('/admin/outbox')
  const query = outboxQuery.parse(await searchParams)
  const result = await listOutbox({ channel: query.channel, recipient: query.recipient, page: query.page })
  return (
    <>
      <PageTitle sub="SMS and mail as sent by the providers, newest first. With the console provider (development) nothing leaves the machine: read codes here.">
        Outbox
      </PageTitle>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-56">
          <label htmlFor="recipient" className={labelClass}>
            Recipient (start of phone or email)
          </label>
          <input id="recipient" name="recipient" type="search" defaultValue={query.recipient ?? ''} className={inputClass} />
        </div>
        <div>
          <label htmlFor="channel" className={labelClass}>
            Channel
          </label>
          <select id="channel" name="channel" defaultValue={query.channel ?? ''} className={inputClass}>
            <option value="">any</option>
            <option value="sms">SMS</option>
            <option value="mail">Mail</option>
          </select>
        </div>
        <button type="submit" className={buttonClass}>
          Filter
        </button>
      </form>
      <Table
        label="Messages"
        head={['Time', 'Channel', 'Provider', 'Recipient', 'Purpose', 'Text', 'Result', 'Provider code']}
        empty={result.rows.length === 0}
        fit
      >
        {result.rows.map((m) => (
          <tr key={m.id} data-testid="outbox-row" data-recipient={m.recipient}>
            <td className={td}>{formatTime(m.createdAt)}</td>
            <td className={td}>{m.channel === 'sms' ? 'SMS' : 'Mail'}</td>
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
