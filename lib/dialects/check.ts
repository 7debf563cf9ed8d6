// What a dialect must have that the compiler cannot see: run by lib/dialects/dialects.test.ts on
// every entry of DIALECTS (and on the toy dialect of test/toy-dialect), so a dialect that misses a
// part fails a test that names the part. docs/adding-a-dialect.md walks through it.
import { AUTH_ERROR_KINDS, AuthError } from '../core/errors'
import { requestContext } from '../http/handler'
import { prefixesOf, type Dialect } from './define'

/** The catch-all route files Next needs, one per prefix of the dialect, with their exact content. */
export function routeFilesFor(d: Pick<Dialect, 'id' | 'prefix' | 'morePrefixes'>): { path: string; content: string }[] {
  return prefixesOf(d).map((prefix) => routeFile(d.id, prefix))
}

function routeFile(id: string, prefix: string): { path: string; content: string } {
  return {
    path: `app${prefix}/[[...path]]/route.ts`,
    content: [
      `// Every ${prefix} request Next serves: the ${id} dialect's endpoints and fallback (lib/dialects/${id}).`,
      `// Written by \`npm run routes:generate\` from lib/dialects/index.ts.`,
      `import { dialectRoute } from '@/lib/dialects/next-route'`,
      ``,
      `export const { GET, POST, PUT, PATCH, DELETE } = dialectRoute('${id}')`,
      ``,
    ].join('\n'),
  }
}

/** Everything missing or inconsistent in one dialect, as sentences; empty when it is complete. */
export async function dialectProblems(d: Dialect): Promise<string[]> {
  const problems: string[] = []
  const say = (s: string) => problems.push(`${d.id}: ${s}`)

  if (!/^[a-z][a-z0-9]*$/.test(d.id)) say('the id must be lower-case letters and digits (it names sessions, documents and keys)')
  if (!d.label.trim()) say('no label')
  if (d.session.client !== d.id) say(`its sessions must be named after its id (session.client is "${d.session.client}")`)
  if (!d.session.label.trim()) say('no session label for the account and admin pages')
  for (const prefix of prefixesOf(d)) {
    if (!/^\/[a-z0-9/._-]*[a-z0-9]$/.test(prefix)) say(`prefix "${prefix}" must be a lower-case path without a trailing slash`)
  }
  if (!d.docs.title.trim() || d.docs.intro().length === 0) say('the document needs a title and an introduction (docs.title, docs.intro)')
  if (d.tokens.lifetimes.length === 0) say('its token profile lists no lifetime settings')

  for (const kind of AUTH_ERROR_KINDS) {
    if (!(kind in d.errors)) {
      say(`its error table has no row for "${kind}"`)
      continue
    }
    // Every kind renders into the dialect's own error shape.
    const req = new Request(`http://localhost${d.prefix}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    try {
      const res = await d.renderError(new AuthError(kind), req, requestContext(req))
      const text = await res.text()
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // not JSON: the schema decides
      }
      if (!d.errorSchema.safeParse(body).success) say(`"${kind}" renders a body its errorSchema refuses: ${text.slice(0, 120)}`)
    } catch (e) {
      say(`"${kind}" cannot be rendered: ${(e as Error).message}`)
    }
  }

  if (d.endpoints.length === 0) say('no endpoints')
  const ids = new Set<string>()
  for (const e of d.endpoints) {
    const where = `${e.methods.join('|')} ${e.path}`
    if (ids.has(e.operationId)) say(`operationId ${e.operationId} is used twice`)
    ids.add(e.operationId)
    if (!e.summary.trim()) say(`${where} has no summary`)
    if (e.success.length === 0) say(`${where} lists no success answer`)
    if (e.examples.length === 0) say(`${where} has no example request (the docs show it, the contract test sends it)`)
  }
  return problems
}
