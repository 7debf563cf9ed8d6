// How the dashboard shows times: in ADMIN_TIMEZONE, "YYYY-MM-DD HH:mm:ss".
import { config } from '../config'

export function formatTime(d: Date | null | undefined, timeZone = config().ADMIN_TIMEZONE): string {
  if (!d) return '—'
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(d)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`
}
