// The account page's sessions (#24): each with a name a person recognises — the browser and system
// ("Chrome · macOS") or the app ("ThinkSNS+ App"), not the API's name — when it signed in, its
// address and device; this browser first.
import { getTranslations } from 'next-intl/server'
import { Card } from '@/components/shell'
import { Time } from '@/components/time'
import { dialectById, sessionClientLabel } from '@/lib/dialects'
import { parseUserAgent } from '@/lib/auth/user-agent'
import { listUserSessions, type Session } from '@/lib/core/sessions'
import { SessionsList, type SessionRow } from './sessions-list'

export async function Sessions({ userId, currentId }: { userId: number; currentId: string }) {
  const t = await getTranslations('account.sessions')
  const sessions = await listUserSessions(userId)
  // This browser first, then the most recently used.
  const ordered = [...sessions.filter((s) => s.id === currentId), ...sessions.filter((s) => s.id !== currentId)]

  function describe(s: Session): { name: string; device: string } {
    const ua = parseUserAgent(s.userAgent)
    const browser = [ua.browser, ua.system].filter(Boolean).join(' · ')
    const device = ua.tool ?? (browser || ua.raw || t('unknownDevice'))
    if (s.client === 'browser') return { name: browser || t('browser'), device: ua.system ?? device }
    const dialect = dialectById(s.client)
    return { name: dialect ? t('app', { name: dialect.label }) : sessionClientLabel(s.client), device }
  }

  const rows: SessionRow[] = ordered.map((s) => {
    const { name, device } = describe(s)
    return {
      id: s.id,
      client: s.client,
      name: s.clientGroup ? `${name} (${s.clientGroup})` : name,
      current: s.id === currentId,
      signedIn: <Time value={s.createdAt} />,
      lastUsed: <Time value={s.lastUsedAt} />,
      ip: s.ip ?? t('unknown'),
      device,
    }
  })
  return (
    <Card title={t('title')} id="sessions">
      <p className="text-sm text-slate-700">{t('intro')}</p>
      <SessionsList rows={rows} />
    </Card>
  )
}
