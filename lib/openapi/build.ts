// Turns a dialect's operation list into an OpenAPI 3.1 document. Request bodies are the handlers'
// own zod schemas (zod 4's z.toJSONSchema, input side); every error body is produced by the
// dialect's own error renderer (its errors.ts table), so a changed table changes the document and
// the snapshot test (document.test.ts) fails until the change is reviewed.
import { z } from 'zod'
import { config } from '../config'
import { AuthError } from '../core/errors'
import type { Endpoint } from '../dialects/define'
import { requestContext, type ErrorRenderer } from '../http/handler'
import { commonSettings, settingsList } from './common'
import type { DocumentDef, ErrorCase, ExampleRequest, JsonSchema } from './types'

type OperationDef = Endpoint

const CONTENT_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'] as const

/** Headers an error answer may carry that a client must read. */
const HEADER_DOCS: Record<string, string> = {
  'retry-after': 'Seconds to wait before trying again.',
  'www-authenticate': 'The authentication scheme the endpoint expects (RFC 6750 / RFC 6749).',
}

export type OpenApiDocument = {
  openapi: '3.1.0'
  info: { title: string; version: string; description: string }
  servers: { url: string }[]
  tags?: { name: string; description: string }[]
  paths: Record<string, Record<string, OpenApiOperation>>
  components: { schemas: Record<string, JsonSchema>; securitySchemes?: Record<string, unknown> }
}

type OpenApiResponse = {
  description: string
  headers?: Record<string, { description: string; schema: JsonSchema }>
  content?: Record<string, { schema: JsonSchema; examples?: Record<string, { summary: string; value: unknown }> }>
}

export type OpenApiOperation = {
  operationId: string
  summary: string
  description: string
  tags?: string[]
  parameters?: Record<string, unknown>[]
  security?: Record<string, string[]>[]
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema; examples?: Record<string, { summary: string; value: unknown }> }> }
  responses: Record<string, OpenApiResponse>
  'x-examples'?: (ExampleRequest & { method: string; path: string })[]
}

/** zod -> JSON Schema (2020-12, the dialect OpenAPI 3.1 uses), without the `$schema` line. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema
  return rest
}

function requestSchema(op: OperationDef): JsonSchema {
  const s = jsonSchema(op.body!, 'input')
  const properties = { ...((s.properties as Record<string, JsonSchema>) ?? {}) }
  for (const [field, note] of Object.entries(op.fieldNotes ?? {})) properties[field] = { ...(properties[field] ?? {}), ...note }
  const required = [...new Set([...((s.required as string[]) ?? []), ...(op.required ?? [])])]
  return { ...s, properties, ...(required.length ? { required } : {}) }
}

function concretePath(op: OperationDef, example?: ExampleRequest): string {
  return example?.path ?? op.docPath.replace(/\{(\w+)\}/g, 'example')
}

/** Runs an error case through the renderer as the handler would, with the operation's first example as the request. */
async function render(renderError: ErrorRenderer, op: OperationDef, c: ErrorCase | { name: string; summary: string; error: unknown }) {
  let thrown: unknown = c.error
  if (typeof c.error === 'function') {
    let threw = false
    try {
      ;(c.error as () => unknown)()
    } catch (e) {
      threw = true
      thrown = e
    }
    // A parser that accepts what the case says it refuses: the document would be wrong.
    if (!threw) throw new Error(`error case ${op.operationId}/${c.name} did not throw`)
  }
  const method = op.methods[0]
  const example = op.examples[0]
  const init: RequestInit = { method, headers: { 'content-type': 'application/json' } }
  if (method !== 'GET') init.body = JSON.stringify(example?.body ?? {})
  const req = new Request(`http://localhost${concretePath(op, example)}`, init)
  const res = await renderError(thrown, req, requestContext(req))
  const text = await res.text()
  const headers: Record<string, string> = {}
  for (const name of Object.keys(HEADER_DOCS)) {
    const v = res.headers.get(name)
    if (v !== null) headers[name] = v
  }
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null, headers }
}

function componentName(operationId: string, suffix: string): string {
  return operationId.charAt(0).toUpperCase() + operationId.slice(1) + suffix
}

async function buildOperation(def: DocumentDef, op: OperationDef, schemas: Record<string, JsonSchema>): Promise<OpenApiOperation> {
  const renderError = op.renderError ?? def.renderError
  const errorSchema = jsonSchema(op.errorSchema ?? def.errorSchema, 'output')
  const responses: Record<string, OpenApiResponse> = {}
  const lines: Record<string, string[]> = {}
  const successSchemas: Record<string, JsonSchema[]> = {}
  const hasError: Record<string, boolean> = {}

  const entry = (status: number) => {
    const key = String(status)
    responses[key] ??= { description: '' }
    lines[key] ??= []
    return { key, r: responses[key] }
  }
  const addExample = (r: OpenApiResponse, name: string, summary: string, value: unknown) => {
    r.content ??= { 'application/json': { schema: {} } }
    const c = r.content['application/json']
    c.examples ??= {}
    let n = name
    for (let i = 2; n in c.examples; i++) n = `${name}_${i}`
    c.examples[n] = { summary, value }
  }

  for (const s of op.success) {
    const { key, r } = entry(s.status)
    lines[key].push(s.description)
    if (s.headers) r.headers = { ...r.headers, ...s.headers }
    if (s.schema) {
      const name = componentName(op.operationId, s.status === 200 ? 'Response' : `Response${s.status}`)
      schemas[name] = jsonSchema(s.schema, 'output')
      ;(successSchemas[key] ??= []).push({ $ref: `#/components/schemas/${name}` })
      if (s.example !== undefined) addExample(r, 'success', s.exampleSummary ?? s.description, s.example)
      else r.content ??= { 'application/json': { schema: {} } }
    }
  }

  const cases = [
    ...op.errors,
    // Every endpoint can meet these two, so no endpoint lists them: the database out of reach (a
    // retry later gets through) and an unexpected failure.
    { name: 'unavailable', summary: 'The database cannot be reached right now; retry later.', error: new AuthError('unavailable') },
    { name: 'unexpected', summary: 'An unexpected failure (logged with the request id; no details are shown).', error: new Error('unexpected') },
  ]
  for (const c of cases) {
    const out = await render(renderError, op, c)
    const { key, r } = entry(out.status)
    hasError[key] = true
    lines[key].push(`\`${c.name}\`: ${c.summary}`)
    for (const h of Object.keys(out.headers)) {
      r.headers ??= {}
      r.headers[h] ??= { description: HEADER_DOCS[h], schema: { type: 'string' } }
    }
    addExample(r, c.name, c.summary, out.body)
  }

  for (const [key, r] of Object.entries(responses)) {
    const parts = [...(successSchemas[key] ?? []), ...(hasError[key] ? [{ $ref: '#/components/schemas/Error' }] : [])]
    if (r.content) r.content['application/json'].schema = parts.length === 1 ? parts[0] : { anyOf: parts }
    r.description = lines[key].length === 1 ? lines[key][0] : lines[key].map((l) => `- ${l}`).join('\n')
  }
  // The error schema is the dialect's; an operation with its own gets its own component.
  if (op.errorSchema) {
    const name = componentName(op.operationId, 'Error')
    schemas[name] = errorSchema
    for (const r of Object.values(responses)) {
      const c = r.content?.['application/json']
      if (c) c.schema = JSON.parse(JSON.stringify(c.schema).replaceAll('#/components/schemas/Error"', `#/components/schemas/${name}"`))
    }
  }

  const out: OpenApiOperation = {
    operationId: op.operationId,
    summary: op.summary,
    description: op.description,
    ...(op.tags ? { tags: op.tags } : {}),
    ...(op.parameters ? { parameters: op.parameters } : {}),
    ...(op.security ? { security: op.security } : {}),
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
  }
  if (op.body) {
    const name = componentName(op.operationId, 'Request')
    schemas[name] = requestSchema(op)
    const ref = { $ref: `#/components/schemas/${name}` }
    const examples = Object.fromEntries(op.examples.filter((e) => e.body).map((e) => [e.name, { summary: e.summary, value: e.body }]))
    out.requestBody = {
      required: true,
      content: Object.fromEntries(
        CONTENT_TYPES.map((t) => [t, t === 'application/json' && Object.keys(examples).length ? { schema: ref, examples } : { schema: ref }]),
      ),
    }
  }
  if (op.examples.length) out['x-examples'] = op.examples.map((e) => ({ method: op.methods[0], ...e, path: concretePath(op, e) }))
  return out
}

/** The description: the document's own paragraphs, then the settings in force (token lifetimes first). */
function description(def: DocumentDef): string {
  const c = config() as unknown as Record<string, unknown>
  const rows: [string, unknown, string][] = [
    ...(def.lifetimes ?? []).map((l): [string, unknown, string] => [l.setting, c[l.setting], l.meaning]),
    ...(def.texts.settings?.() ?? []),
  ]
  return [...def.texts.intro(), '', '**Settings in force**', settingsList(rows), ...(def.texts.notes?.() ?? []), commonSettings()].join('\n')
}

export async function buildDocument(def: DocumentDef, opts: { version: string; serverUrl: string }): Promise<OpenApiDocument> {
  const schemas: Record<string, JsonSchema> = { Error: jsonSchema(def.errorSchema, 'output') }
  const paths: OpenApiDocument['paths'] = {}
  for (const op of def.endpoints) {
    const built = await buildOperation(def, op, schemas)
    op.methods.forEach((m, i) => {
      const item = (paths[op.docPath] ??= {})
      item[m.toLowerCase()] =
        i === 0
          ? built
          : { ...built, operationId: `${op.operationId}_${m.toLowerCase()}`, 'x-examples': undefined, requestBody: m === 'GET' ? undefined : built.requestBody }
    })
  }
  return JSON.parse(
    JSON.stringify({
      openapi: '3.1.0',
      info: { title: def.texts.title, version: opts.version, description: description(def) },
      servers: [{ url: opts.serverUrl }],
      ...(def.texts.tags ? { tags: def.texts.tags } : {}),
      paths,
      components: { schemas, ...(def.texts.securitySchemes ? { securitySchemes: def.texts.securitySchemes } : {}) },
    }),
  ) as OpenApiDocument
}
