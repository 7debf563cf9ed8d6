// A moment as a person reads it: date and time in the configured zone (ADMIN_TIMEZONE, default
// Asia/Shanghai) with the zone named, in the page's language; the exact instant in `dateTime`.
import { useFormatter, useTranslations } from 'next-intl'

export function Time({ value, date }: { value: Date | null | undefined; date?: boolean }) {
  const format = useFormatter()
  const t = useTranslations('common.time')
  if (!value) return <>{t('never')}</>
  const text = date
    ? format.dateTime(value, { year: 'numeric', month: '2-digit', day: '2-digit' })
    : format.dateTime(value, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' })
  return <time dateTime={value.toISOString()}>{text}</time>
}
