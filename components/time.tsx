// A moment as a person reads it: date and time in the configured zone (ADMIN_TIMEZONE, default
// Asia/Shanghai) with the zone named after the time, in the page's language; the exact instant in
// `dateTime`. (Intl puts zh-CN's zone between date and time, "2026/12/07 GMT+8 05:50": the zone is
// formatted on its own and appended.)
import { useFormatter, useLocale, useTimeZone, useTranslations } from 'next-intl'

function zoneName(value: Date, locale: string, timeZone: string | undefined): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(value)
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? ''
}

export function Time({ value, date }: { value: Date | null | undefined; date?: boolean }) {
  const format = useFormatter()
  const locale = useLocale()
  const timeZone = useTimeZone()
  const t = useTranslations('common.time')
  if (!value) return <>{t('never')}</>
  const text = date
    ? format.dateTime(value, { year: 'numeric', month: '2-digit', day: '2-digit' })
    : `${format.dateTime(value, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })} ${zoneName(value, locale, timeZone)}`
  return <time dateTime={value.toISOString()}>{text}</time>
}
