'use client'
// The second step of a sign-in (#26), self-contained so every sign-in that needs it (the password
// and SMS forms here, the OIDC login) can show it: given the first step's ticket, it asks for a code
// from the authenticator app, a recovery code, or a passkey, and signs in through next-auth's
// 'second-factor' provider.
import { useEffect, useState } from 'react'
import { signIn } from 'next-auth/react'
import { startAuthentication } from '@simplewebauthn/browser'
import { Button } from '@/components/button'
import { Field, FormError } from '@/components/field'
import { TOTP_DIGITS } from '@/lib/core/rules'
import { decodeSignInError } from '@/lib/auth/messages'
import { useTranslations } from 'next-intl'
import { useText } from '@/lib/i18n/use-text'
import { passkeyOptionsAction, secondFactorMethodsAction } from './actions'

type Methods = { totp: boolean; passkey: boolean; recovery: boolean }

export function SecondFactorStep({ ticket, onDone, onRestart }: { ticket: string; onDone: () => void; onRestart: () => void }) {
  const { formMessage } = useText()
  const t = useTranslations('auth.secondFactor')
  const [methods, setMethods] = useState<Methods | null>(null)
  const [useRecovery, setUseRecovery] = useState(false)
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    void secondFactorMethodsAction({ ticket }).then((res) => {
      if (!live) return
      if (res.ok) setMethods({ totp: res.totp, passkey: res.passkey, recovery: res.recovery })
      else setError(res.message)
    })
    return () => {
      live = false
    }
  }, [ticket])

  async function finish(credentials: Record<string, string>) {
    const res = await signIn('second-factor', { ...credentials, ticket, redirect: false })
    if (res?.ok && !res.error) return onDone()
    const { kind, retryAfter } = decodeSignInError(res?.error)
    setError(kind === 'token_expired' ? t('expired') : formMessage(kind, retryAfter))
  }

  async function submitCode(e: React.FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    await finish({ method: useRecovery ? 'recovery' : 'totp', code: code.trim() })
    setBusy(false)
  }

  async function usePasskey() {
    setBusy(true)
    setError(null)
    try {
      const res = await passkeyOptionsAction({ ticket })
      if (!res.ok) return setError(res.message)
      const response = await startAuthentication({ optionsJSON: res.options })
      await finish({ method: 'passkey', passkeyTicket: res.passkeyTicket, response: JSON.stringify(response) })
    } catch {
      setError(t('passkeyNotUsed'))
    } finally {
      setBusy(false)
    }
  }

  const showCode = methods && (methods.totp || useRecovery)
  return (
    <section aria-labelledby="second-factor-title" className="space-y-4">
      <h2 id="second-factor-title" className="text-lg font-semibold">
        {t('title')}
      </h2>
      <FormError id="second-factor-error" message={error} />
      {showCode ? (
        <form onSubmit={submitCode} noValidate className="space-y-4">
          <Field
            id="second-factor-code"
            label={useRecovery ? t('recoveryLabel') : t('totpLabel', { digits: TOTP_DIGITS })}
            inputMode={useRecovery ? 'text' : 'numeric'}
            autoComplete="one-time-code"
            autoFocus
            value={code}
            onChange={(e) => setCode(e.target.value)}
            maxLength={useRecovery ? 11 : TOTP_DIGITS}
          />
          <Button type="submit" busy={busy} className="w-full">
            {t('confirm')}
          </Button>
        </form>
      ) : null}
      <div className="flex flex-wrap gap-3 text-sm">
        {methods?.passkey ? (
          <Button variant="secondary" onClick={usePasskey} busy={busy}>
            {t('usePasskey')}
          </Button>
        ) : null}
        {methods?.recovery || (methods?.totp && useRecovery) ? (
          <button
            type="button"
            className="text-blue-700 underline"
            onClick={() => {
              setUseRecovery(!useRecovery)
              setCode('')
              setError(null)
            }}
          >
            {useRecovery ? t('useApp') : t('useRecovery')}
          </button>
        ) : null}
        <button type="button" className="text-blue-700 underline" onClick={onRestart}>
          {t('restart')}
        </button>
      </div>
    </section>
  )
}
