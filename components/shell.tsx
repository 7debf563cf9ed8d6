// The frame of every page: a skip link, a header with the service's name, where to go and the
// language switcher, then the content.
import Link from 'next/link'
import { useTranslations } from 'next-intl'
import type { ReactNode } from 'react'
import { LocaleSwitcher } from './locale-switcher'

export function SkipLink() {
  const t = useTranslations('common')
  return (
    <a
      href="#main"
      className="sr-only z-50 rounded bg-white px-3 py-2 text-blue-800 shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:outline-none focus:ring-2 focus:ring-blue-600"
    >
      {t('skipToContent')}
    </a>
  )
}

export function Shell({ children, signedIn, wide }: { children: ReactNode; signedIn?: boolean; wide?: boolean }) {
  const t = useTranslations('common')
  return (
    <div className="flex min-h-screen flex-col">
      <SkipLink />
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label={t('nav.label')} className="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <Link href="/" className="font-semibold text-slate-900">
            {t('serviceName')}
          </Link>
          <div className="flex flex-wrap items-center gap-4 text-sm">
            {signedIn ? (
              <Link href="/account" className="text-blue-700 underline-offset-2 hover:underline">
                {t('nav.account')}
              </Link>
            ) : (
              <>
                <Link href="/sign-in" className="text-blue-700 underline-offset-2 hover:underline">
                  {t('nav.signIn')}
                </Link>
                <Link href="/sign-up" className="text-blue-700 underline-offset-2 hover:underline">
                  {t('nav.signUp')}
                </Link>
              </>
            )}
            <Link href="/docs" className="text-blue-700 underline-offset-2 hover:underline">
              {t('nav.docs')}
            </Link>
            <LocaleSwitcher />
          </div>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className={`mx-auto w-full flex-1 px-4 py-8 outline-none ${wide ? 'max-w-4xl' : 'max-w-md'}`}>
        {children}
      </main>
    </div>
  )
}

export function Card({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  const headingId = id ? `${id}-title` : undefined
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 id={headingId} className="text-lg font-semibold">
        {title}
      </h2>
      <div className="mt-4">{children}</div>
    </section>
  )
}
