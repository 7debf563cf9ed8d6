// The frame of every page: a header with the service's name and where to go, then the content.
import Link from 'next/link'
import type { ReactNode } from 'react'

export function Shell({ children, signedIn, wide }: { children: ReactNode; signedIn?: boolean; wide?: boolean }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="Main" className="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <Link href="/" className="font-semibold text-slate-900">
            Identity Service
          </Link>
          <div className="flex flex-wrap gap-4 text-sm">
            {signedIn ? (
              <Link href="/account" className="text-blue-700 underline-offset-2 hover:underline">
                Account
              </Link>
            ) : (
              <>
                <Link href="/sign-in" className="text-blue-700 underline-offset-2 hover:underline">
                  Sign in
                </Link>
                <Link href="/sign-up" className="text-blue-700 underline-offset-2 hover:underline">
                  Sign up
                </Link>
              </>
            )}
            <Link href="/docs" className="text-blue-700 underline-offset-2 hover:underline">
              API docs
            </Link>
          </div>
        </nav>
      </header>
      <main id="main" className={`mx-auto w-full flex-1 px-4 py-8 ${wide ? 'max-w-4xl' : 'max-w-md'}`}>
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
