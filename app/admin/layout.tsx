import type { ReactNode } from 'react'
import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { AdminNav } from '@/components/admin/nav'
import { Announcer } from '@/components/admin/announcer'
import { AdminSignOut } from '@/components/admin/sign-out'
import { LocaleSwitcher } from '@/components/locale-switcher'
import { SkipLink } from '@/components/shell'
import { config } from '@/lib/config'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.meta')
  return { title: t('title'), robots: { index: false } }
}

// Each page checks the admin itself (lib/admin/guard.ts): a layout is not re-run on every
// navigation, and a check here would skip this segment's forbidden.tsx.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const consoleChannels = config().consoleInProduction
  const [t, format] = await Promise.all([getTranslations('admin.layout'), getFormatter()])
  return (
    <div className="flex min-h-screen flex-col">
      <SkipLink />
      {consoleChannels.length > 0 && (
        <div role="alert" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-900">
          {t('consoleWarning', { channels: format.list(consoleChannels) })}
        </div>
      )}
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label={t('navLabel')} className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/admin" className="font-semibold text-slate-900">
            {t('brand')}
          </Link>
          <AdminNav />
          <span className="flex items-center gap-4">
            <Link href="/account" className="text-sm text-blue-700 underline-offset-2 hover:underline">
              {t('yourAccount')}
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
