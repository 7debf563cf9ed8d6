// Sign-ins and registrations per day, drawn on the server as inline SVG (no chart library, nothing
// fetched). Bars: sign-ins; line: registrations. A table with the same numbers follows for screen
// readers and for reading exact values. Words and numbers in the page's language.
import { useFormatter, useTranslations } from 'next-intl'

type Day = { date: string; signIns: number; registrations: number; failures: number }

const H = 220
const PAD = { top: 12, right: 12, bottom: 28, left: 40 }

function niceMax(n: number): number {
  if (n <= 5) return 5
  const p = 10 ** Math.floor(Math.log10(n))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n) return m * p
  return 10 * p
}

/**
 * Drawn twice: 720 units wide with a date every 5 days for wide screens, and 360 wide with one every
 * 10 days for phones, so that the labels stay about 11 px high at 360 px as at 1280 px.
 */
export function DailyChart({ days }: { days: Day[] }) {
  return (
    <figure>
      <div className="hidden sm:block">
        <Svg days={days} W={720} every={5} id="chart-wide" />
      </div>
      <div className="sm:hidden">
        <Svg days={days} W={360} every={10} id="chart-narrow" />
      </div>
      <Legend />
      <Numbers days={days} />
    </figure>
  )
}

function Svg({ days, W, every, id }: { days: Day[]; W: number; every: number; id: string }) {
  const max = niceMax(Math.max(1, ...days.map((d) => Math.max(d.signIns, d.registrations, d.failures))))
  const iw = W - PAD.left - PAD.right
  const ih = H - PAD.top - PAD.bottom
  const step = iw / days.length
  const y = (v: number) => PAD.top + ih - (v / max) * ih
  const polyline = (v: (d: Day) => number) => days.map((d, i) => `${(PAD.left + step * i + step / 2).toFixed(1)},${y(v(d)).toFixed(1)}`).join(' ')
  const ticks = [0, max / 2, max]
  const t = useTranslations('admin.chart')
  const format = useFormatter()
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title`} className="h-auto w-full" data-testid="daily-chart">
      <title id={`${id}-title`}>{t('title', { days: days.length })}</title>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
          <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" fontSize="11" fill="#475569">
            {format.number(Math.round(tick))}
          </text>
        </g>
      ))}
      {days.map((d, i) => {
        const h = (d.signIns / max) * ih
        return (
          <rect key={d.date} x={PAD.left + step * i + step * 0.15} y={PAD.top + ih - h} width={step * 0.7} height={h} fill="#1d4ed8">
            <title>
              {t('bar', {
                date: d.date,
                signIns: format.number(d.signIns),
                registrations: format.number(d.registrations),
                failures: format.number(d.failures),
              })}
            </title>
          </rect>
        )
      })}
      <polyline points={polyline((d) => d.registrations)} fill="none" stroke="#d97706" strokeWidth="2" />
      <polyline points={polyline((d) => d.failures)} fill="none" stroke="#b91c1c" strokeWidth="2" strokeDasharray="4 3" />
      {days.map((d, i) =>
        (days.length - 1 - i) % every === 0 ? (
          <text key={d.date} x={PAD.left + step * i + step / 2} y={H - 8} textAnchor="middle" fontSize="11" fill="#475569">
            {d.date.slice(5)}
          </text>
        ) : null,
      )}
    </svg>
  )
}

function Legend() {
  const t = useTranslations('admin.chart')
  return (
    <figcaption className="mt-2 flex flex-wrap gap-4 text-sm text-slate-700">
      <span>
        <span aria-hidden className="mr-1 inline-block h-3 w-3 bg-blue-700 align-middle" />
        {t('signIns')}
      </span>
      <span>
        <span aria-hidden className="mr-1 inline-block h-0.5 w-4 bg-amber-600 align-middle" />
        {t('registrations')}
      </span>
      <span>
        <span aria-hidden className="mr-1 inline-block h-0.5 w-4 border-t-2 border-dashed border-red-700 align-middle" />
        {t('failures')}
      </span>
    </figcaption>
  )
}

function Numbers({ days }: { days: Day[] }) {
  const t = useTranslations('admin.chart')
  const format = useFormatter()
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer text-blue-700">{t('numbers')}</summary>
      <div className="mt-2 max-h-64 overflow-auto">
        <table className="w-full text-left">
          <thead>
            <tr>
              <th className="pr-4">{t('day')}</th>
              <th className="pr-4">{t('signIns')}</th>
              <th className="pr-4">{t('registrations')}</th>
              <th>{t('failures')}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <td className="pr-4">{d.date}</td>
                <td className="pr-4">{format.number(d.signIns)}</td>
                <td className="pr-4">{format.number(d.registrations)}</td>
                <td>{format.number(d.failures)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  )
}
