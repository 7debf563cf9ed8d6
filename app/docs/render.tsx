// Renders an OpenAPI document of lib/openapi as plain server-side HTML: every operation with its
// request fields, example requests, and every status with its bodies. No script, no CDN, no fonts.
import type { ReactNode } from 'react'
import type { OpenApiDocument, OpenApiOperation, OpenApiResponse } from '@/lib/openapi/build'

type Schema = Record<string, unknown>

const METHOD_COLOURS: Record<string, string> = {
  get: 'bg-emerald-100 text-emerald-900',
  post: 'bg-blue-100 text-blue-900',
  put: 'bg-amber-100 text-amber-900',
  patch: 'bg-violet-100 text-violet-900',
  delete: 'bg-red-100 text-red-900',
}

/** Inline markdown of the documents: `code` and **bold**. */
function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).map((part, i) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1)
      return (
        <code key={i} className="rounded bg-slate-100 px-1 py-0.5 text-[0.9em] break-words">
          {part.slice(1, -1)}
        </code>
      )
    if (part.startsWith('**') && part.endsWith('**')) return <strong key={i}>{part.slice(2, -2)}</strong>
    return part
  })
}

/** Paragraphs and `- ` lists. */
export function Markdown({ text }: { text: string }) {
  const blocks: ReactNode[] = []
  let list: string[] = []
  const flush = () => {
    if (list.length)
      blocks.push(
        <ul key={blocks.length} className="my-2 list-disc space-y-1 pl-5">
          {list.map((l, i) => (
            <li key={i}>{inline(l)}</li>
          ))}
        </ul>,
      )
    list = []
  }
  for (const line of text.split('\n')) {
    if (line.startsWith('- ')) list.push(line.slice(2))
    else {
      flush()
      if (line.trim())
        blocks.push(
          <p key={blocks.length} className="my-2">
            {inline(line)}
          </p>,
        )
    }
  }
  flush()
  return <div className="text-sm leading-6 text-slate-700">{blocks}</div>
}

function Json({ value }: { value: unknown }) {
  return (
    <pre className="mt-1 max-h-96 overflow-auto rounded bg-slate-900 p-3 text-xs leading-5 text-slate-100">
      <code>{JSON.stringify(value, null, 2)}</code>
    </pre>
  )
}

function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  const ref = schema?.$ref
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) return doc.components.schemas[ref.slice('#/components/schemas/'.length)] ?? {}
  return schema ?? {}
}

function typeOf(s: Schema): string {
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ')
  if ('const' in s) return JSON.stringify(s.const)
  if (Array.isArray(s.type)) return s.type.join(' | ')
  if (typeof s.type === 'string') return s.type
  if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).map(typeOf).join(' | ')
  return 'any'
}

function Fields({ doc, schema }: { doc: OpenApiDocument; schema: Schema }) {
  const s = resolve(doc, schema)
  const props = (s.properties ?? {}) as Record<string, Schema>
  const required = new Set((s.required as string[]) ?? [])
  if (!Object.keys(props).length) return null
  return (
    <div className="overflow-x-auto">
      <table className="mt-2 w-full min-w-[18rem] border-collapse text-left text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-slate-500">
            <th scope="col" className="py-1 pr-3 font-medium">
              Field
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Type
            </th>
            <th scope="col" className="py-1 font-medium">
              Description
            </th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(props).map(([name, p]) => (
            <tr key={name} className="border-b border-slate-100 align-top">
              <td className="py-1 pr-3">
                <code className="font-semibold break-all">{name}</code>
                {required.has(name) ? <span className="ml-1 text-xs text-red-700">required</span> : null}
              </td>
              <td className="py-1 pr-3 font-mono text-xs break-all">{typeOf(p)}</td>
              <td className="py-1 text-slate-700">
                {typeof p.description === 'string' ? inline(p.description) : null}
                {p.example !== undefined ? <span className="block text-xs text-slate-500">e.g. {JSON.stringify(p.example)}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Response({ doc, status, r }: { doc: OpenApiDocument; status: string; r: OpenApiResponse }) {
  const c = r.content?.['application/json']
  const ok = status.startsWith('2')
  return (
    <div className="mt-3 rounded border border-slate-200 p-3">
      <h5 className="flex items-center gap-2 text-sm font-semibold">
        <span className={`rounded px-2 py-0.5 font-mono text-xs ${ok ? 'bg-emerald-100 text-emerald-900' : 'bg-rose-100 text-rose-900'}`}>{status}</span>
        HTTP {status}
      </h5>
      <Markdown text={r.description} />
      {r.headers ? (
        <p className="text-xs text-slate-600">
          Headers:{' '}
          {Object.entries(r.headers).map(([h, d]) => (
            <span key={h} className="mr-2">
              <code>{h}</code> ({d.description})
            </span>
          ))}
        </p>
      ) : null}
      {c?.examples
        ? Object.entries(c.examples).map(([name, ex]) => (
            <details key={name} className="mt-2">
              <summary className="cursor-pointer text-sm">
                <code>{name}</code> <span className="text-slate-600">{ex.summary}</span>
              </summary>
              <Json value={ex.value} />
            </details>
          ))
        : c
          ? null
          : <p className="text-xs text-slate-500">No body.</p>}
      {c && ok ? (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs text-slate-600">Schema</summary>
          <Json value={c.schema.$ref ? { [String(c.schema.$ref)]: resolve(doc, c.schema) } : c.schema} />
        </details>
      ) : null}
    </div>
  )
}

function exampleText(ex: NonNullable<OpenApiOperation['x-examples']>[number]): string {
  const query = ex.query ? '?' + new URLSearchParams(ex.query).toString() : ''
  const lines = [`${ex.method} ${ex.path}${query}`]
  for (const [k, v] of Object.entries(ex.headers ?? {})) lines.push(`${k}: ${v}`)
  if (ex.body) lines.push('content-type: application/json', '', JSON.stringify(ex.body, null, 2))
  return lines.join('\n')
}

export function anchor(method: string, path: string): string {
  return `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')
}

export function Operation({ doc, method, path, op, alsoMethods = [] }: { doc: OpenApiDocument; method: string; path: string; op: OpenApiOperation; alsoMethods?: string[] }) {
  const body = op.requestBody?.content['application/json']
  return (
    <section id={anchor(method, path)} aria-labelledby={`${anchor(method, path)}-title`} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h3 id={`${anchor(method, path)}-title`} className="flex flex-wrap items-center gap-2 text-base font-semibold">
        {[method, ...alsoMethods].map((m) => (
          <span key={m} className={`rounded px-2 py-0.5 font-mono text-xs uppercase ${METHOD_COLOURS[m] ?? 'bg-slate-100'}`}>
            {m}
          </span>
        ))}
        <code className="break-all">{path}</code>
      </h3>
      <p className="mt-1 font-medium">{op.summary}</p>
      <Markdown text={op.description} />
      {op.security ? (
        <p className="text-sm text-slate-700">
          Credentials:{' '}
          {op.security.map((s, i) => (
            <code key={i} className="mr-2">
              {Object.keys(s).join(' + ') || 'none'}
            </code>
          ))}
        </p>
      ) : null}
      {op.parameters?.length ? (
        <div className="mt-3">
          <h4 className="text-sm font-semibold">Parameters</h4>
          <ul className="mt-1 text-sm">
            {op.parameters.map((p) => (
              <li key={String(p.name)}>
                <code>{String(p.name)}</code> ({String(p.in)}) {typeof p.description === 'string' ? p.description : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {body ? (
        <div className="mt-3">
          <h4 className="text-sm font-semibold">Request body</h4>
          <p className="text-xs text-slate-600">{Object.keys(op.requestBody!.content).join(', ')}</p>
          <Fields doc={doc} schema={body.schema} />
        </div>
      ) : null}
      {op['x-examples']?.length ? (
        <div className="mt-3">
          <h4 className="text-sm font-semibold">Example requests</h4>
          {op['x-examples'].map((ex) => (
            <details key={ex.name} className="mt-2">
              <summary className="cursor-pointer text-sm">
                <code>{ex.name}</code> <span className="text-slate-600">{ex.summary}</span>
                {ex.status ? <span className="ml-1 text-xs text-slate-500">→ {ex.status}</span> : null}
              </summary>
              <pre className="mt-1 overflow-auto rounded bg-slate-900 p-3 text-xs leading-5 text-slate-100">
                <code>{exampleText(ex)}</code>
              </pre>
            </details>
          ))}
        </div>
      ) : null}
      <div className="mt-3">
        <h4 className="text-sm font-semibold">Responses</h4>
        {Object.entries(op.responses).map(([status, r]) => (
          <Response key={status} doc={doc} status={status} r={r} />
        ))}
      </div>
    </section>
  )
}
