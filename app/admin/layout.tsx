import type { ReactNode } from 'react'
import type { Metadata } from 'next'
import Link from 'next/link'
import { AdminNav } from '@/components/admin/nav'
import { Announcer } from '@/components/admin/announcer'
import { AdminSignOut } from '@/components/admin/sign-out'
import { LocaleSwitcher } from '@/components/locale-switcher'
import { SkipLink } from '@/components/shell'
import { config } from '@/lib/config'

export const metadata: Metadata = { title: 'Admin · Identity Service', robots: { index: false } }

// Each page checks the admin itself (lib/admin/guard.ts): a layout is not re-run on every
// navigation, and a check here would skip this segment's forbidden.tsx.
export default function AdminLayout({ children }: { children: ReactNode }) {
  const consoleChannels = config().consoleInProduction
  return (
    <div className="flex min-h-screen flex-col">
      <SkipLink />
      {consoleChannels.length > 0 && (
        <div role="alert" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-900">
          {consoleChannels.join(' and ')}=console (ALLOW_CONSOLE_PROVIDER=true): verification codes appear in API answers and the outbox. Choose a real provider
          before real users sign up.
        </div>
      )}
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="Admin" className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/admin" className="font-semibold text-slate-900">
            Identity Service · Admin
          </Link>
          <AdminNav />
          <span className="flex items-center gap-4">
            <Link href="/account" className="text-sm text-blue-700 underline-offset-2 hover:underline">
              Your account
            </Link>
            <AdminSignOut />
            <LocaleSwitcher />
          </span>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="outline-none mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        <Announcer>{children}</Announcer>
      </main>
    </div>
  )
}
