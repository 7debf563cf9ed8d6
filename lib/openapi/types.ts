// What one dialect's OpenAPI document is made from: its operations, each with the zod schema its
// handler parses, the success bodies (seed examples), and the core errors the handler can meet.
// The error bodies are not written here: build.ts renders each error through the dialect's own
// renderer (its errors.ts table), so the document changes whenever the table does.
import type { z } from 'zod'
import type { ErrorRenderer } from '../http/handler'

export type JsonSchema = Record<string, unknown>

/** A request as the docs show it and the contract test sends it. `{{name}}` is filled from earlier answers. */
export type ExampleRequest = {
  name: string
  summary: string
  /** Concrete path, when the operation's path has parameters. */
  path?: string
  query?: Record<string, string>
  headers?: Record<string, string>
  body?: Record<string, unknown>
  /** Values later examples use, read from this answer's JSON body: `{ jwt: 'data.jwt' }`. */
  save?: Record<string, string>
  /** The status this request gets when the examples run in order on a fresh deployment with the console providers. */
  status?: number
}

/** One error the handler can answer with: the thrown value (or a function that throws it) and a line saying when. */
export type ErrorCase = {
  name: string
  summary: string
  error: unknown | (() => unknown)
}

export type SuccessResponse = {
  status: number
  description: string
  /** zod schema of the body; null for an empty body. */
  schema: z.ZodType | null
  headers?: Record<string, { description: string; schema: JsonSchema }>
  /** Seed example (literal, as the seed shows it). */
  example?: unknown
  exampleSummary?: string
}

export type OperationDef = {
  /** One operation per method; the first carries the examples. */
  methods: string[]
  /** OpenAPI path, `{param}` style. */
  path: string
  operationId: string
  summary: string
  description: string
  tags?: string[]
  /** The zod schema the handler parses the body with (documented with io: 'input'). */
  request?: z.ZodType
  /** Notes on request fields the schema cannot express (enums behind a transform, seed examples). */
  fieldNotes?: Record<string, JsonSchema>
  /** Fields that must be present although the zod input type cannot say so (checked in superRefine). */
  required?: string[]
  parameters?: Record<string, unknown>[]
  security?: Record<string, string[]>[]
  success: SuccessResponse[]
  errors: ErrorCase[]
  /** Schema of this operation's error bodies, when it differs from the dialect's. */
  errorSchema?: z.ZodType
  /** The renderer of this endpoint's family, when it differs from the dialect's. */
  renderError?: ErrorRenderer
  examples: ExampleRequest[]
}

export type DialectDocDef = {
  id: string
  title: string
  /** Markdown; built on each call so that it reads the running configuration. */
  description: () => string
  renderError: ErrorRenderer
  /** zod schema every error body of this dialect matches. */
  errorSchema: z.ZodType
  securitySchemes?: Record<string, unknown>
  tags?: { name: string; description: string }[]
  operations: OperationDef[]
}
