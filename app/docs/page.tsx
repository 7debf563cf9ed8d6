// /docs: the OpenAPI documents of /openapi/<name>.json, one at a time (?api=<name>), rendered on
// the server by ./render.tsx. Nothing is fetched by the browser: no CDN, no fonts, no script.
import type { Metadata } from 'next'
import Link from 'next/link'
import { Shell } from '@/components/shell'
import { DOCUMENT_LABELS, DOCUMENT_NAMES, isDocumentName, openapiDocument } from '@/lib/openapi'
import { anchor, Markdown, Operation } from './render'

export const metadata: Metadata = {
  title: 'API documentation · Identity Service',
  // An inline icon: without one Chromium asks for /favicon.ico, which this app does not serve, and
  // logs the 404 as a console error.
  icons: { icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%231d4ed8'/%3E%3C/svg%3E" },
}

export default async function DocsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const requested = (await searchParams).api
  const name = typeof requested === 'string' && isDocumentName(requested) ? requested : DOCUMENT_NAMES[0]
  const doc = await openapiDocument(name)
  const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })))
  return (
    <Shell wide>
      <h1 className="text-2xl font-semibold">API documentation</h1>
      <nav aria-label="APIs" className="mt-4">
        <ul className="flex flex-wrap gap-2">
          {DOCUMENT_NAMES.map((n) => (
            <li key={n}>
              <Link
                href={`/docs?api=${n}`}
                aria-current={n === name ? 'page' : undefined}
                className={`block rounded-md border px-3 py-1.5 text-sm ${n === name ? 'border-blue-700 bg-blue-700 text-white' : 'border-slate-300 bg-white hover:bg-slate-100'}`}
              >
                {DOCUMENT_LABELS[n]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <article className="mt-6">
        <h2 className="text-xl font-semibold">{doc.info.title}</h2>
        <p className="mt-1 text-sm text-slate-600">
          OpenAPI {doc.openapi} · version {doc.info.version} ·{' '}
          <a href={`/openapi/${name}.json`} className="text-blue-700 underline">
            /openapi/{name}.json
          </a>
        </p>
        <Markdown text={doc.info.description} />
        <details className="mt-2">
          <summary className="cursor-pointer text-sm">Schema of every error body</summary>
          <pre className="mt-1 overflow-auto rounded bg-slate-900 p-3 text-xs leading-5 text-slate-100">
            <code>{JSON.stringify(doc.components.schemas.Error, null, 2)}</code>
          </pre>
        </details>
        <nav aria-label="Endpoints" className="mt-4 rounded-lg border border-slate-200 bg-white p-4">
          <h3 className="text-sm font-semibold">Endpoints</h3>
          <ul className="mt-2 space-y-1 text-sm">
            {operations
              .filter(({ op }) => !op.operationId.includes('_'))
              .map(({ path, method, op }) => (
                <li key={`${method} ${path}`}>
                  <a href={`#${anchor(method, path)}`} className="text-blue-700 underline-offset-2 hover:underline">
                    <span className="font-mono text-xs uppercase">{method}</span> <code className="break-all">{path}</code>
                  </a>{' '}
                  <span className="text-slate-600">{op.summary}</span>
                </li>
              ))}
          </ul>
        </nav>
        <div className="mt-6 space-y-6">
          {operations
            .filter(({ op }) => !op.operationId.includes('_'))
            .map(({ path, method, op }) => (
              <Operation
                key={`${method} ${path}`}
                doc={doc}
                method={method}
                path={path}
                op={op}
                alsoMethods={operations.filter((o) => o.path === path && o.op.operationId.startsWith(`${op.operationId}_`)).map((o) => o.method)}
              />
            ))}
        </div>
      </article>
    </Shell>
  )
}
