// Every dialect this service speaks. Adding one is a folder with its index.ts (defineDialect) and
// one line here; everything else is derived from this list: the router and the catch-all
// route.ts per prefix, the OpenAPI documents, the standards' token inspectors, the session client
// type, and the labels on the account and admin pages (docs/adding-a-dialect.md).
import type { SessionClient } from '../core/sessions'
import flask from './flask'
import hyperf from './hyperf'
import rageframe from './rageframe'
import thinksns from './thinksns'

export const DIALECTS = [thinksns, hyperf, flask, rageframe] as const

export type AnyDialect = (typeof DIALECTS)[number]
export type DialectId = AnyDialect['id']

declare module '../core/sessions' {
  // Every dialect's id is a session client (lib/core/sessions.ts declares 'browser'): this
  // interface only adds the keys of its supertype.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SessionClients extends Record<DialectId, true> {}
}

export const DIALECT_IDS = DIALECTS.map((d) => d.id) as [DialectId, ...DialectId[]]

export function dialectById(id: string): AnyDialect | undefined {
  return DIALECTS.find((d) => d.id === id)
}

/** The dialects that sign JWTs, as the key store knows them. */
export const JWT_ISSUERS = DIALECTS.flatMap((d) => (d.tokens.format === 'jwt' ? [d.tokens] : []))

/** Every session client with the name people see: the browser, then each dialect. */
export const SESSION_CLIENTS: readonly { client: SessionClient; label: string }[] = [{ client: 'browser', label: 'Browser' }, ...DIALECTS.map((d) => d.session)]

export const SESSION_CLIENT_IDS = SESSION_CLIENTS.map((c) => c.client) as [SessionClient, ...SessionClient[]]

export function sessionClientLabel(client: string): string {
  return SESSION_CLIENTS.find((c) => c.client === client)?.label ?? client
}
