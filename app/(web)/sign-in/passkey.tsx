'use client'
// Sign-in with a passkey alone (#26): a discoverable credential names the account, so nothing is
// typed. The button shows wherever the browser has WebAuthn.
import { useState, useSyncExternalStore } from 'react'
import { signIn } from 'next-auth/react'
import { browserSupportsWebAuthn, startAuthentication } from '@simplewebauthn/browser'
import { Button } from '@/components/button'
import { FormError } from '@/components/field'
import { decodeSignInError } from '@/lib/auth/messages'
import { useTranslations } from 'next-intl'
import { useText } from '@/lib/i18n/use-text'
import { passkeyOptionsAction } from './actions'

const noSubscribe = () => () => {}

export function PasskeySignIn({ onDone }: { onDone: () => void }) {
  const { formMessage } = useText()
  const t = useTranslations('auth.passkey')
  // False on the server render, then the browser's answer: no button where WebAuthn is missing.
  const supported = useSyncExternalStore(noSubscribe, browserSupportsWebAuthn, () => false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!supported) return null

  async function run() {
    setBusy(true)
    setError(null)
    try {
      const res = await passkeyOptionsAction({})
      if (!res.ok) return setError(res.message)
      const response = await startAuthentication({ optionsJSON: res.options })
      const done = await signIn('passkey', { passkeyTicket: res.passkeyTicket, response: JSON.stringify(response), redirect: false })
      if (done?.ok && !done.error) return onDone()
      const { kind, retryAfter } = decodeSignInError(done?.error)
      setError(kind === 'wrong_password' ? t('unknown') : formMessage(kind, retryAfter))
    } catch {
      setError(t('notUsed'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="mt-6 space-y-2 border-t border-slate-200 pt-6">
      <FormError id="passkey-error" message={error} />
      <Button variant="secondary" onClick={run} busy={busy} className="w-full">
        {t('continue')}
      </Button>
    </div>
  )
}
