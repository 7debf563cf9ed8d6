// /docs: the OpenAPI documents served at /openapi/<name>.json, one at a time (?api=<name>), shown
// by Scalar's API reference (./reference.tsx), bundled with the app: no CDN, no fonts, no request
// to another origin. Full width, not in <Shell>: the reference brings its own sidebar and columns.
import type { Metadata } from 'next'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { LocaleSwitcher } from '@/components/locale-switcher'
import { DOCUMENT_LABELS, DOCUMENT_NAMES, isDocumentName, openapiDocument } from '@/lib/openapi'
import Reference from './reference'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('home.docs')
  return {
    title: t('metaTitle'),
    // An inline icon: without one Chromium asks for /favicon.ico, which this app does not serve, and
    // logs the 404 as a console error.
    icons: {
      icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%231d4ed8'/%3E%3C/svg%3E",
    },
  }
}

export default async function DocsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const requested = (await searchParams).api
  const name = typeof requested === 'string' && isDocumentName(requested) ? requested : DOCUMENT_NAMES[0]
  const doc = await openapiDocument(name)
  const t = await getTranslations()
  return (
    <div className="min-h-screen bg-white">
      <header className="border-b border-slate-200 bg-white">
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link href="/" className="font-semibold text-slate-900">
            {t('common.serviceName')}
          </Link>
          <h1 className="text-base font-semibold text-slate-700">{t('home.docs.title')}</h1>
          <a href={`/openapi/${name}.json`} className="text-sm text-blue-700 underline underline-offset-2 sm:ml-auto">
            /openapi/{name}.json
          </a>
          <LocaleSwitcher />
        </div>
        <nav aria-label={t('home.docs.apis')} className="px-4 pb-3">
          <ul className="flex flex-wrap gap-2">
            {DOCUMENT_NAMES.map((n) => (
              <li key={n}>
                <Link
                  href={`/docs?api=${n}`}
                  aria-current={n === name ? 'page' : undefined}
                  className={`block rounded-md border px-3 py-1 text-sm ${n === name ? 'border-blue-700 bg-blue-700 text-white' : 'border-slate-300 bg-white hover:bg-slate-100'}`}
                >
                  {DOCUMENT_LABELS[n]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      {/* Clipped, not hidden (sticky headers keep working): with a CJK font Scalar's copy-link button of a
          Chinese operation title stands a few px past a 360 px screen, and the whole page scrolled sideways. */}
      <div id="main" className="overflow-x-clip">
        <Reference key={name} document={doc} name={name} />
      </div>
    </div>
  )
}
