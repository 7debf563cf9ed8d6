'use client'
// Sign-in with a passkey alone (#26): a discoverable credential names the account, so nothing is
// typed. Where the browser supports conditional UI, the name field offers passkeys too
// (autocomplete "username webauthn"); the button works everywhere WebAuthn does.
import { useEffect, useState } from 'react'
import { signIn } from 'next-auth/react'
import { browserSupportsWebAuthn, startAuthentication } from '@simplewebauthn/browser'
import { Button } from '@/components/button'
import { FormAlert } from '@/components/alert'
import { decodeSignInError, formMessage } from '@/lib/auth/messages'
import { passkeyOptionsAction } from './actions'

export function PasskeySignIn({ onDone }: { onDone: () => void }) {
  const [supported, setSupported] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => setSupported(browserSupportsWebAuthn()), [])
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
      setError(kind === 'wrong_password' ? 'That passkey is not known here.' : formMessage(kind, retryAfter))
    } catch {
      setError('The passkey was not used. Try again, or sign in another way.')
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="mt-6 space-y-2 border-t border-slate-200 pt-6">
      <FormAlert id="passkey-error" message={error} />
      <Button variant="secondary" onClick={run} busy={busy} className="w-full">
        Sign in with a passkey
      </Button>
    </div>
  )
}
