'use client'
// Ending a session from the account page: each asks first, then says what happened (role=status);
// ending this browser's session signs it out here.
import { useState, type ReactNode } from 'react'
import { useRouter } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { Button } from '@/components/button'
import { FormAlert } from '@/components/alert'
import { endSessionAction, revokeAllAction } from './actions'

export type SessionRow = {
  id: string
  client: string
  name: string
  current: boolean
  signedIn: ReactNode
  lastUsed: ReactNode
  ip: string
  device: string
}

export function SessionsList({ rows }: { rows: SessionRow[] }) {
  const t = useTranslations('account.sessions')
  const [result, setResult] = useState<{ tone: 'info' | 'error'; message: string } | null>(null)
  const [confirmAll, setConfirmAll] = useState(false)
  const [busyAll, setBusyAll] = useState(false)
  return (
    <>
      <div className="mt-4" aria-live="polite">
        {result ? <FormAlert tone={result.tone} message={result.message} /> : null}
      </div>
      <ul className="mt-2 divide-y divide-slate-200" aria-label={t('list')}>
        {rows.map((row) => (
          <SessionItem key={row.id} row={row} onResult={setResult} />
        ))}
      </ul>
      <div className="mt-4">
        {confirmAll ? (
          <div className="space-y-3 rounded-md border border-red-200 bg-red-50 p-3" role="group" aria-label={t('endAll')}>
            <p className="text-sm text-slate-800">{t('endAllConfirm')}</p>
            <div className="flex flex-wrap gap-3">
              <Button
                variant="danger"
                busy={busyAll}
                onClick={async () => {
                  setBusyAll(true)
                  await revokeAllAction()
                }}
              >
                {t('confirm')}
              </Button>
              <Button variant="secondary" onClick={() => setConfirmAll(false)}>
                {t('cancel')}
              </Button>
            </div>
          </div>
        ) : (
          <Button variant="danger" onClick={() => setConfirmAll(true)}>
            {t('endAll')}
          </Button>
        )}
      </div>
    </>
  )
}

function SessionItem({ row, onResult }: { row: SessionRow; onResult: (r: { tone: 'info' | 'error'; message: string }) => void }) {
  const t = useTranslations('account.sessions')
  const router = useRouter()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  async function end() {
    setBusy(true)
    const res = await endSessionAction({ sessionId: row.id })
    setBusy(false)
    setConfirming(false)
    if (!res.ok) return onResult({ tone: 'error', message: res.message })
    if (res.self) {
      router.replace('/sign-in')
      router.refresh()
      return
    }
    onResult({ tone: 'info', message: res.ended ? t('ended', { client: row.name }) : t('gone') })
    router.refresh()
  }
  return (
    <li className="py-3" data-testid="session" data-client={row.client} data-current={row.current || undefined}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0 text-sm">
          <p className="font-medium">
            {row.name}
            {row.current ? <span className="ml-2 rounded bg-green-100 px-2 py-0.5 text-xs text-green-900">{t('current')}</span> : null}
          </p>
          <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-slate-600">
            <dt>{t('signedInAt')}</dt>
            <dd>{row.signedIn}</dd>
            <dt>{t('lastUsed')}</dt>
            <dd>{row.lastUsed}</dd>
            <dt>{t('address')}</dt>
            <dd className="break-all">{row.ip}</dd>
            <dt>{t('device')}</dt>
            <dd className="break-words">{row.device}</dd>
          </dl>
        </div>
        {!confirming ? (
          <Button variant="danger" onClick={() => setConfirming(true)} aria-label={t('endNamed', { client: row.name })}>
            {t('end')}
          </Button>
        ) : null}
      </div>
      {confirming ? (
        <div className="mt-3 space-y-3 rounded-md border border-red-200 bg-red-50 p-3" role="group" aria-label={t('endNamed', { client: row.name })}>
          <p className="text-sm text-slate-800">{row.current ? t('endThisConfirm') : t('endConfirm', { client: row.name })}</p>
          <div className="flex flex-wrap gap-3">
            <Button variant="danger" busy={busy} onClick={end}>
              {t('confirm')}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </Button>
          </div>
        </div>
      ) : null}
    </li>
  )
}
