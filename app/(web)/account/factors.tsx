'use client'
// The account page's second factors (#26): the list (named, removable), TOTP enrolment with a QR
// code and the secret as text, the recovery codes shown once, and passkeys.
import { useState, type ReactNode } from 'react'
import { useTranslations } from 'next-intl'
import { useRouter } from 'next/navigation'
import { browserSupportsWebAuthn, startRegistration } from '@simplewebauthn/browser'
import { Button } from '@/components/button'
import { Field } from '@/components/field'
import { FormAlert } from '@/components/alert'
import { TOTP_DIGITS } from '@/lib/core/rules'
import { beginPasskeyAction, beginTotpAction, confirmTotpAction, finishPasskeyAction, removeFactorAction } from './factor-actions'

export type FactorRow = { id: string; kind: 'totp' | 'passkey'; name: string; added: ReactNode; lastUsed: ReactNode }

export function FactorsSection({
  factors,
  recoveryLeft,
  hasPassword,
  required,
}: {
  factors: FactorRow[]
  recoveryLeft: number
  hasPassword: boolean
  required: boolean
}) {
  const hasTotp = factors.some((f) => f.kind === 'totp')
  const t = useTranslations('account.factors')
  return (
    <div className="space-y-6">
      {required && factors.length === 0 ? <FormAlert message={t('required')} /> : null}
      {factors.length === 0 ? (
        <p className="text-sm text-slate-700">{t('none')}</p>
      ) : (
        <ul className="divide-y divide-slate-200" aria-label={t('list')}>
          {factors.map((f) => (
            <FactorItem key={f.id} factor={f} hasPassword={hasPassword} hasTotp={hasTotp} />
          ))}
        </ul>
      )}
      {hasTotp ? (
        <p className="text-sm text-slate-700" data-testid="recovery-left">
          {t('recoveryLeft', { count: recoveryLeft })}
        </p>
      ) : (
        <TotpEnrolment />
      )}
      <PasskeyRegistration />
    </div>
  )
}

function FactorItem({ factor, hasPassword, hasTotp }: { factor: FactorRow; hasPassword: boolean; hasTotp: boolean }) {
  const router = useRouter()
  const [open, setOpen] = useState(false)
  const [proof, setProof] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const byCode = hasTotp || !hasPassword
  const t = useTranslations('account.factors')
  const kind = t(factor.kind === 'totp' ? 'kindTotp' : 'kindPasskey')
  async function remove(e: React.FormEvent) {
    e.preventDefault()
    setBusy(true)
    const res = await removeFactorAction(byCode ? { factorId: factor.id, code: proof } : { factorId: factor.id, password: proof })
    setBusy(false)
    if (!res.ok) return setError(res.message)
    router.refresh()
  }
  return (
    <li className="py-3" data-testid="factor" data-kind={factor.kind}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0 text-sm">
          <p className="font-medium">
            {factor.name} <span className="text-slate-600">({kind})</span>
          </p>
          <p className="text-slate-600">{t.rich('added', { added: () => factor.added, lastUsed: () => factor.lastUsed })}</p>
        </div>
        {!open ? (
          <Button variant="danger" onClick={() => setOpen(true)} aria-label={t('removeNamed', { name: factor.name })}>
            {t('remove')}
          </Button>
        ) : null}
      </div>
      {open ? (
        <form onSubmit={remove} noValidate className="mt-3 space-y-3">
          <FormAlert message={error} />
          <Field
            id={`remove-${factor.id}`}
            label={t(byCode ? 'proofCode' : 'proofPassword')}
            type={byCode ? 'text' : 'password'}
            autoComplete={byCode ? 'one-time-code' : 'current-password'}
            value={proof}
            onChange={(e) => setProof(e.target.value)}
          />
          <div className="flex gap-3">
            <Button type="submit" variant="danger" busy={busy}>
              {t(factor.kind === 'totp' ? 'removeTotp' : 'removePasskey')}
            </Button>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t('cancel')}
            </Button>
          </div>
        </form>
      ) : null}
    </li>
  )
}

function TotpEnrolment() {
  const router = useRouter()
  const [enrol, setEnrol] = useState<{ factorId: string; secret: string; qr: string } | null>(null)
  const [code, setCode] = useState('')
  const [codes, setCodes] = useState<string[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const t = useTranslations('account.factors')

  async function start() {
    setBusy(true)
    setError(null)
    const res = await beginTotpAction()
    setBusy(false)
    if (res.ok) setEnrol({ factorId: res.factorId, secret: res.secret, qr: res.qr })
    else setError(res.message)
  }
  async function confirm(e: React.FormEvent) {
    e.preventDefault()
    if (!enrol) return
    setBusy(true)
    const res = await confirmTotpAction({ factorId: enrol.factorId, code })
    setBusy(false)
    if (res.ok) setCodes(res.recoveryCodes)
    else setError(res.message)
  }

  if (codes) {
    return (
      <section aria-labelledby="recovery-title" className="space-y-3">
        <h3 id="recovery-title" className="font-semibold">
          {t('doneTitle')}
        </h3>
        <p className="text-sm text-slate-700">{t('saveCodes')}</p>
        <ul className="grid grid-cols-2 gap-2 font-mono text-sm" aria-label={t('recoveryCodes')}>
          {codes.map((c) => (
            <li key={c} data-testid="recovery-code">
              {c}
            </li>
          ))}
        </ul>
        <Button variant="secondary" onClick={() => router.refresh()}>
          {t('saved')}
        </Button>
      </section>
    )
  }
  if (!enrol) {
    return (
      <div className="space-y-2">
        <FormAlert message={error} />
        <Button onClick={start} busy={busy}>
          {t('setUp')}
        </Button>
      </div>
    )
  }
  return (
    <form onSubmit={confirm} noValidate className="space-y-4" aria-label={t('setUp')}>
      <p className="text-sm text-slate-700">{t('scan')}</p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server; nothing to optimise */}
      <img src={enrol.qr} alt={t('qr')} width={192} height={192} className="rounded border border-slate-200" />
      <p className="text-sm">
        {t('key')}{' '}
        <code className="break-all font-mono" data-testid="totp-secret">
          {enrol.secret}
        </code>
      </p>
      <FormAlert message={error} />
      <Field
        id="totp-confirm-code"
        label={t('appCode', { digits: TOTP_DIGITS })}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={TOTP_DIGITS}
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <Button type="submit" busy={busy}>
        {t('turnOn')}
      </Button>
    </form>
  )
}

function PasskeyRegistration() {
  const router = useRouter()
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState(false)
  const [busy, setBusy] = useState(false)
  const t = useTranslations('account.factors')
  async function add(e: React.FormEvent) {
    e.preventDefault()
    setError(null)
    setDone(false)
    if (!browserSupportsWebAuthn()) return setError(t('noWebauthn'))
    setBusy(true)
    try {
      const begun = await beginPasskeyAction()
      if (!begun.ok) return setError(begun.message)
      const response = await startRegistration({ optionsJSON: begun.options })
      const res = await finishPasskeyAction({ ticket: begun.ticket, name, response: JSON.stringify(response) })
      if (!res.ok) return setError(res.message)
      setName('')
      setDone(true)
      router.refresh()
    } catch {
      setError(t('passkeyFailed'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form onSubmit={add} noValidate className="space-y-3" aria-label={t('addPasskeyForm')}>
      <FormAlert message={error} />
      <FormAlert tone="info" message={done ? t('passkeyAdded') : null} />
      <Field
        id="passkey-name"
        label={t('passkeyName')}
        placeholder={t('passkeyPlaceholder')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={40}
      />
      <Button type="submit" variant="secondary" busy={busy}>
        {t('addPasskey')}
      </Button>
    </form>
  )
}
