// What a dialect is: one value. `defineDialect` takes everything that makes a legacy login API
// itself — its prefix, session client, error table and envelope, token profile, token inspector,
// document texts, endpoints and the answer for paths it does not know — and `defineEndpoint` one
// endpoint: method, path, the body schema its handler parses, the success bodies it answers, the
// error cases it can meet, and the handler. lib/dialects/index.ts lists the dialects; the router
// (lib/http/api-routes.ts), the catch-all route.ts per prefix (lib/dialects/next-route.ts), the
// OpenAPI documents (lib/openapi), the standards' token inspectors, the session client type and
// the labels on the account and admin pages are all derived from that list.
//
// The shape is in the spirit of Better Auth's createAuthEndpoint and Logto's koaGuard: the one
// definition feeds both the router and the API document, so the two cannot disagree.
import type { z } from 'zod'
import type { AuthError, AuthErrorDetail, AuthErrorKind } from '../core/errors'
import type { TokenInspector } from '../core/introspection'
import type { JwtIssuer, NumberSetting } from '../core/issuer'
import type { ErrorRenderer, Handler } from '../http/handler'
import type { ErrorCase, ExampleRequest, JsonSchema, SuccessResponse } from '../openapi/types'
import { bindToContract } from './contract'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * One row of a dialect's error table (errors.ts): its answer, or a function of the error's detail
 * and of what else the dialect's answers depend on (ThinkSNS+'s endpoint family, Hyperf's request
 * fields and path).
 */
export type ErrorRow<Answer, Context = undefined> = Answer | ((detail: AuthErrorDetail, context: Context) => Answer)

/** Every core error kind as one dialect answers it: a new kind fails the compile in every table. */
export type ErrorTable<Answer, Context = undefined> = Record<AuthErrorKind, ErrorRow<Answer, Context>>

/** The answer of a table's row for one error. */
export function errorAnswer<Answer, Context>(table: ErrorTable<Answer, Context>, error: AuthError, context: Context): Answer {
  const row = table[error.kind]
  return typeof row === 'function' ? (row as (d: AuthErrorDetail, c: Context) => Answer)(error.detail, context) : row
}

/** The HTTP methods a catch-all route.ts exports (Next answers HEAD and OPTIONS itself). */
export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const satisfies readonly Method[]

export type EndpointInput = {
  /** One method, or several that share one handler (ThinkSNS+'s logout takes GET|POST|PUT|PATCH). */
  method: Method | readonly Method[]
  /** Path with `:param` segments, e.g. '/api/v2/tokens/:token'. Handlers read params from req.url. */
  path: string
  operationId: string
  summary: string
  description: string
  tags?: string[]
  /** The zod schema the handler parses the body with (documented with io: 'input'). */
  body?: z.ZodType
  /** Notes on request fields the schema cannot express (enums behind a transform, seed examples). */
  fieldNotes?: Record<string, JsonSchema>
  /** Fields that must be present although the zod input type cannot say so (checked in superRefine). */
  required?: string[]
  parameters?: Record<string, unknown>[]
  security?: Record<string, string[]>[]
  /** Every success answer: status, schema (checked against every answer in tests), seed example. */
  success: SuccessResponse[]
  /** Every error the handler can answer with; an answer of a kind not listed here fails the tests (contract.ts). */
  errors: ErrorCase[]
  /** Schema of this endpoint's error bodies, when it differs from the dialect's. */
  errorSchema?: z.ZodType
  /** The renderer of this endpoint's family, when it differs from the dialect's. */
  renderError?: ErrorRenderer
  /** Requests the docs show and the contract test sends, in order, on a fresh deployment. */
  examples: ExampleRequest[]
  /** What the metrics count this endpoint's answers as (identity_signins_total, identity_codes_sent_total). */
  counts?: 'sign-in' | 'code-send'
  handler: Handler
}

export type Endpoint = Omit<EndpointInput, 'method'> & {
  methods: readonly Method[]
  /** The path in OpenAPI's `{param}` style. */
  docPath: string
}

export function defineEndpoint(input: EndpointInput): Endpoint {
  const { method, ...rest } = input
  const methods = typeof method === 'string' ? [method] : [...method]
  if (!input.path.startsWith('/')) throw new Error(`endpoint path must start with /: ${input.path}`)
  const endpoint: Endpoint = { ...rest, methods, docPath: input.path.replace(/:(\w+)/g, '{$1}') }
  bindToContract(endpoint)
  return endpoint
}

/**
 * How a dialect's tokens are made and refreshed (SPEC §3-§4), as data the code reads: the key
 * store signs a JWT dialect's tokens as its `JwtIssuer` (its secret setting; its longest lifetime
 * decides how long a retired key stays published), the documents list `lifetimes` as the settings
 * in force and describe `refresh`.
 */
export type TokenProfile = JwtTokenProfile | OpaqueTokenProfile

type Lifetime = { setting: NumberSetting; unit: 'seconds' | 'minutes'; meaning: string }

type RefreshPolicy = {
  /**
   * exchange: the current token is exchanged once for a new one (tymon/jwt-auth);
   * reusable: the refresh token stays valid until it expires or its session ends, only a new access token is answered;
   * rotating: each refresh answers a new pair and spends the old one, with a grace window for a parallel retry.
   */
  policy: 'exchange' | 'reusable' | 'rotating'
  /** Rotating only: the setting of the grace window in seconds. */
  graceSetting?: NumberSetting
  /** A sentence for the documents: what a client sends and gets back. */
  summary: string
}

type JwtTokenProfile = JwtIssuer & { format: 'jwt'; lifetimes: readonly Lifetime[]; refresh: RefreshPolicy }

type OpaqueTokenProfile = { format: 'opaque'; id: string; lifetimes: readonly Lifetime[]; refresh: RefreshPolicy }

/** A token profile, checked: refresh policy and grace setting agree. */
export function defineTokens<const T extends TokenProfile>(t: T): T {
  if ((t.refresh.policy === 'rotating') !== (t.refresh.graceSetting !== undefined))
    throw new Error(`${t.id}: a grace window belongs to, and only to, a rotating refresh policy`)
  return t
}

type SessionClientDef<Client extends string = string> = {
  /** The `client` column of the sessions this dialect opens. */
  client: Client
  /** What a person sees on the account page and an admin in the dashboard. */
  label: string
}

export type DialectInput<Id extends string = string> = {
  /** Short lower-case name: the session client, the document name (/openapi/<id>.json), the kid prefix. */
  id: Id
  /** Human name, e.g. 'ThinkSNS+'. */
  label: string
  /** URL prefix (SPEC §2); every endpoint path lies under it or under one of `morePrefixes`. */
  prefix: `/${string}`
  /** Further prefixes of the same system's API, where its clients call outside `prefix` (Hyperf's `/user`, docs/decisions/0013). */
  morePrefixes?: readonly `/${string}`[]
  /** Paths under the prefix are matched in any case (Hyperf: `/login/Jwt/get`, SPEC §2). */
  caseInsensitivePaths?: boolean
  /** The sessions this dialect opens, as the account and admin pages name them. */
  session: SessionClientDef<Id>
  /** Every core error kind as this dialect answers it (kept here so a test can check it is complete). */
  errors: Record<AuthErrorKind, unknown>
  /** The dialect's envelope for an error (every error goes through its table). */
  renderError: ErrorRenderer
  /** zod schema every error body of this dialect matches. */
  errorSchema: z.ZodType
  tokens: TokenProfile
  /** What the standards endpoints (introspection, revocation, /api/me) learn about one of its tokens. */
  inspector: TokenInspector
  /** The OpenAPI document's texts; lib/openapi adds the token lifetimes and the shared settings. */
  docs: DocumentTexts
  endpoints: readonly Endpoint[]
  /** The answer for a path under the prefix that no endpoint takes, or a method it does not take. */
  fallback: Handler
}

export type Dialect<Id extends string = string> = DialectInput<Id>

/** A document's own words. Functions are called on each build, so they read the running configuration. */
export type DocumentTexts = {
  title: string
  /** Markdown paragraphs before the request-format note. */
  intro: () => string[]
  /** Settings shown as in force, after the token lifetimes: [name, value, meaning]. */
  settings?: () => [name: string, value: unknown, meaning: string][]
  /** Lines after the settings list. */
  notes?: () => string[]
  tags?: { name: string; description: string }[]
  securitySchemes?: Record<string, unknown>
}

/** Every URL prefix of a dialect: its own, then the others its clients call. */
export const prefixesOf = (d: Pick<Dialect, 'prefix' | 'morePrefixes'>): readonly `/${string}`[] => [d.prefix, ...(d.morePrefixes ?? [])]

/** Checks what the compiler cannot: every endpoint under a prefix, no method twice. */
export function defineDialect<const Id extends string>(d: DialectInput<Id>): Dialect<Id> {
  if (d.tokens.id !== d.id) throw new Error(`${d.id}: its token profile is ${d.tokens.id}'s`)
  const seen = new Set<string>()
  const prefixes = prefixesOf(d)
  for (const e of d.endpoints) {
    const p = e.path
    if (!prefixes.some((x) => p === x || p.startsWith(x + '/'))) throw new Error(`${d.id}: endpoint ${p} is not under ${prefixes.join(' or ')}`)
    if (d.caseInsensitivePaths && p !== p.toLowerCase()) throw new Error(`${d.id}: case-insensitive paths are written in lower case (${p})`)
    for (const m of e.methods) {
      const key = `${m} ${p}`
      if (seen.has(key)) throw new Error(`${d.id}: ${key} is defined twice`)
      seen.add(key)
    }
  }
  return d
}
