// The documents against the running handlers: every route of every dialect is documented, every
// operation has example requests, and each example, sent in order to the real handler (the same
// function Next and server.ts serve), gets a status the document lists and a body that validates
// against the schema documented for that status.
import { beforeAll, describe, expect, it } from 'vitest'
import { Ajv2020 } from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { makeUser } from '../../test/factories'
import { createOAuthClient } from '../core/oauth-clients'
import { getJwt } from '../dialects/hyperf/handlers'
import { call, BASE } from '../../test/http'
import { createRouter } from '../http/router'
import type { RouteDef } from '../http/routes-types'
import type { OpenApiDocument, OpenApiOperation } from './build'
import { DOCUMENT_NAMES, generateDocument, type DocumentName } from '.'
import { apiRoutes } from '../http/api-routes'

const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats(ajv)

/** `{{name}}` in any string of the example, from the answers before it. */
function fill<T>(value: T, vars: Record<string, string>): T {
  return JSON.parse(
    JSON.stringify(value).replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      if (!(name in vars)) throw new Error(`example uses {{${name}}} before any example saved it`)
      return JSON.stringify(vars[name]).slice(1, -1)
    }),
  ) as T
}

function pick(body: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), body)
}

function toPattern(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1')
}

const validators = new Map<string, ReturnType<typeof ajv.compile>>()
function validator(doc: OpenApiDocument, name: string, schema: object) {
  const key = `${name}:${JSON.stringify(schema)}`
  let v = validators.get(key)
  if (!v) {
    // The response schema refers to #/components/schemas/...: give it the document's components.
    v = ajv.compile({ ...schema, components: doc.components })
    validators.set(key, v)
  }
  return v
}

const docs = {} as Record<DocumentName, OpenApiDocument>

/** What a document's examples take from outside it: the standards endpoints act on other dialects' tokens. */
const given: Partial<Record<DocumentName, () => Promise<Record<string, string>>>> = {
  standards: async () => {
    const client = await createOAuthClient('contract test')
    const { name, password } = await makeUser()
    const signIn = await call(
      getJwt,
      new Request(BASE + '/login/jwt/get', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ account: name, pwd: password }),
      }),
    )
    return { client_id: client.id, client_secret: client.secret, access_token: signIn.body.data.jwt }
  },
}

beforeAll(async () => {
  for (const name of DOCUMENT_NAMES) docs[name] = await generateDocument(name)
  // RageFrame has no registration endpoint: seed 004's example member signs in (password ours).
  await makeUser({ name: 'admin', email: '1@qq.com', password: 'admin_123' })
})

describe.each(DOCUMENT_NAMES)('%s document', (name) => {
  it('documents every route the dialect serves, and nothing else', () => {
    const served = apiRoutes
      .filter((r) => r.group === name)
      .flatMap((r: RouteDef) => r.methods.map((m) => `${m} ${r.pattern}`))
      .sort()
    const documented = Object.entries(docs[name].paths)
      .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${toPattern(path)}`))
      .sort()
    expect(documented).toEqual(served)
  })

  it('answers each documented example request as documented', async () => {
    const doc = docs[name]
    const router = createRouter(apiRoutes.filter((r) => r.group === name))
    const vars: Record<string, string> = (await given[name]?.()) ?? {}
    let sent = 0
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item) as [string, OpenApiOperation][]) {
        if (op.operationId.includes('_')) continue // extra methods of one operation share its examples
        expect(op['x-examples']?.length, `${method} ${path} has no example request`).toBeGreaterThan(0)
        for (const raw of op['x-examples'] ?? []) {
          const ex = fill(raw, vars)
          const url = new URL(BASE + ex.path)
          for (const [k, v] of Object.entries(ex.query ?? {})) url.searchParams.set(k, v)
          const headers: Record<string, string> = { 'x-forwarded-for': '127.0.0.1', ...(ex.headers ?? {}) }
          if (ex.body) headers['content-type'] = 'application/json'
          const req = new Request(url, { method: ex.method, headers, body: ex.body ? JSON.stringify(ex.body) : undefined })
          const match = router.match(ex.method, url.pathname)
          expect(match, `no handler for ${ex.method} ${url.pathname}`).not.toBeNull()
          const res = await call(match!.handler, req)
          const where = `${name} ${ex.method} ${ex.path} (${ex.name}) answered ${res.status} ${res.text.slice(0, 300)}`
          if (ex.status !== undefined) expect(res.status, where).toBe(ex.status)
          const documented = op.responses[String(res.status)]
          expect(documented, `${where}: status not documented`).toBeDefined()
          const schema = documented.content?.['application/json']?.schema
          if (schema) {
            const validate = validator(doc, name, schema)
            const valid = validate(res.body)
            expect(valid, `${where}: ${ajv.errorsText(validate.errors)}`).toBe(true)
          } else {
            expect(res.text, `${where}: documented without a body`).toBe('')
          }
          for (const [v, p] of Object.entries(ex.save ?? {})) {
            const value = pick(res.body, p)
            expect(typeof value, `${where}: nothing at ${p} to save as ${v}`).toBe('string')
            vars[v] = value as string
          }
          sent++
        }
      }
    }
    expect(sent).toBeGreaterThan(0)
  })

  it('gives every documented example body a documented status and a body matching its schema', () => {
    const doc = docs[name]
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item) as OpenApiOperation[]) {
        for (const [status, r] of Object.entries(op.responses)) {
          const c = r.content?.['application/json']
          if (!c) continue
          const validate = validator(doc, name, c.schema)
          for (const [exName, ex] of Object.entries(c.examples ?? {})) {
            expect(validate(ex.value), `${op.operationId} ${status} example ${exName}: ${ajv.errorsText(validate.errors)}`).toBe(true)
          }
        }
      }
    }
  })
})
