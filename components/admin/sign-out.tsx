'use client'
// The admin header's sign-out: next-auth's CSRF-checked sign-out, which also ends the core session.
import { useState } from 'react'
import { useRouter } from 'next/navigation'
import { signOut } from 'next-auth/react'
import { useTranslations } from 'next-intl'

export function AdminSignOut() {
  const router = useRouter()
  const t = useTranslations('admin.layout')
  const [busy, setBusy] = useState(false)
  return (
    <button
      type="button"
      disabled={busy}
      aria-busy={busy || undefined}
      className="text-sm text-blue-700 underline-offset-2 hover:underline"
      onClick={async () => {
        setBusy(true)
        await signOut({ redirect: false })
        router.replace('/sign-in')
        router.refresh()
      }}
    >
      {t('signOut')}
    </button>
  )
}
