// Holds every endpoint to its definition while the tests run. Under NODE_ENV=test, each answer an
// endpoint's handler gives (handler tests call the handler functions directly, the contract test
// through the router) is checked against what its defineEndpoint says:
//   - an error answer must be of a kind the endpoint lists in `errors` (or an unexpected failure);
//   - a success answer must have a listed status and a body its `success` schema accepts.
// A violation is kept in a registry on globalThis; test/setup.ts fails the test file that caused it.
// The kinds each endpoint actually answered are kept too, so `npm test` can report a listed error
// that no test ever produced (a documented answer the handler may be unable to give).
//
// Outside tests nothing is registered: production handlers run without this observer.
import { config } from '../config'
import { isAuthError, type AuthErrorKind } from '../core/errors'
import { jsonText, observeHandlers, type Handler } from '../http/handler'
import type { Endpoint } from './define'

export type ContractRegistry = {
  violations: string[]
  /** operationId → kinds answered (AuthError kinds, 'success:<status>'). */
  seen: Record<string, string[]>
}

const g = globalThis as unknown as { identityEndpointContract?: ContractRegistry }

export function contractRegistry(): ContractRegistry {
  return (g.identityEndpointContract ??= { violations: [], seen: {} })
}

const bound = new Map<Handler, Endpoint>()

/** The kind each listed error case stands for (its thrown value, or what its function throws). */
export function declaredKinds(e: Endpoint): Set<AuthErrorKind> {
  const kinds = new Set<AuthErrorKind>()
  for (const c of e.errors) {
    let thrown: unknown = c.error
    if (typeof c.error === 'function') {
      try {
        ;(c.error as () => unknown)()
        thrown = undefined
      } catch (x) {
        thrown = x
      }
    }
    if (isAuthError(thrown)) kinds.add(thrown.kind)
  }
  return kinds
}

const kindsOf = new Map<Endpoint, Set<AuthErrorKind>>()

function see(e: Endpoint, what: string) {
  const seen = (contractRegistry().seen[e.operationId + ' ' + e.path] ??= [])
  if (!seen.includes(what)) seen.push(what)
}

function check(handler: Handler, req: Request, res: Response, error: unknown): void {
  const e = bound.get(handler)
  if (!e) return
  const where = `${req.method} ${new URL(req.url).pathname} (${e.operationId})`
  const violations = contractRegistry().violations
  if (error !== undefined) {
    if (!isAuthError(error)) return // an unexpected failure: logged, and the test that caused it sees the 500
    let kinds = kindsOf.get(e)
    if (!kinds) kindsOf.set(e, (kinds = declaredKinds(e)))
    see(e, error.kind)
    // Every endpoint may meet `unavailable` (the documents list it on each): no endpoint lists it.
    if (!kinds.has(error.kind) && error.kind !== 'unavailable') violations.push(`${where} answered error kind ${error.kind}, which its endpoint does not list`)
    return
  }
  const success = e.success.filter((s) => s.status === res.status)
  see(e, `success:${res.status}`)
  if (success.length === 0) {
    violations.push(`${where} answered ${res.status}, not a success status its endpoint lists`)
    return
  }
  const text = jsonText(res)
  if (text === undefined) return // not made by json(): nothing to read without consuming it
  const body: unknown = text === '' ? null : JSON.parse(text)
  const ok = success.some((s) => (s.schema === null ? text === '' : s.schema.safeParse(body).success))
  if (!ok) violations.push(`${where} answered a ${res.status} body its success schema refuses: ${text.slice(0, 200)}`)
}

let observing: boolean | undefined

/** Binds the endpoint's handler to its definition for the checks above (under tests only). */
export function bindToContract(e: Endpoint): void {
  observing ??= config().NODE_ENV === 'test'
  if (!observing) return
  bound.set(e.handler, e)
  observeHandlers(check)
}
