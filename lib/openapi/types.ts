// What an OpenAPI document is made from: a dialect (lib/dialects/define.ts) or the standards
// endpoints (lib/http/standards/endpoints.ts), each endpoint with the zod schema its handler
// parses, its success bodies (seed examples), and the core errors the handler can meet. The error
// bodies are not written here: build.ts renders each error through the endpoint's own renderer
// (its dialect's errors.ts table), so the document changes whenever the table does.
import type { z } from 'zod'
import type { DocumentTexts, Endpoint } from '../dialects/define'
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

export type DocumentDef = {
  id: string
  texts: DocumentTexts
  /** Token lifetimes shown among the settings in force. */
  lifetimes?: readonly { setting: string; meaning: string }[]
  /** A line on the refresh policy (from the dialect's token profile). */
  refresh?: string
  renderError: ErrorRenderer
  /** zod schema every error body of this document matches. */
  errorSchema: z.ZodType
  endpoints: readonly Endpoint[]
}
