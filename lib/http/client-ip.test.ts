// The TRUST_PROXY rule (issue 21 item 4): forged X-Forwarded-For entries never become the client's
// address, whichever form the setting takes. test/ops/nginx.ops.ts checks the same through nginx.
import { afterEach, describe, expect, it } from 'vitest'
import { CLIENT_IP_STAMP_HEADER, clientAddress, clientIpFromHeaders, forwardedHops, markClientIpAtEdge, normalizeAddress, parseTrustProxy } from './client-ip'

const none = parseTrustProxy(undefined)
const one = parseTrustProxy('true')
const two = parseTrustProxy('2')
const list = parseTrustProxy('10.0.0.5, 10.0.1.0/24, ::1')

describe('TRUST_PROXY', () => {
  it('parses off, hop counts and address lists, and refuses anything else', () => {
    for (const v of [undefined, '', 'false', '0', 'no']) expect(parseTrustProxy(v).kind).toBe('none')
    expect(parseTrustProxy('1')).toEqual({ kind: 'hops', hops: 1 })
    expect(two).toEqual({ kind: 'hops', hops: 2 })
    expect(list.kind).toBe('list')
    for (const bad of ['10.0.0.300', 'proxy.internal', '10.0.0.0/33', '::1/129', '10.0.0.0/8/1', '11']) expect(() => parseTrustProxy(bad), bad).toThrow()
  })

  it('without it, the connecting address whatever the header says', () => {
    expect(clientAddress(forwardedHops('6.6.6.6'), '198.51.100.7', none)).toBe('198.51.100.7')
    expect(clientAddress([], '::ffff:198.51.100.7', none)).toBe('198.51.100.7')
  })

  it('with a hop count, the address the outermost trusted proxy saw', () => {
    // client -> nginx (10.0.0.5) -> us: nginx appended the client's address.
    expect(clientAddress(forwardedHops('198.51.100.7'), '10.0.0.5', one)).toBe('198.51.100.7')
    // The client forged entries: they stay left of what nginx wrote.
    expect(clientAddress(forwardedHops('6.6.6.6, 7.7.7.7, 198.51.100.7'), '10.0.0.5', one)).toBe('198.51.100.7')
    // Two proxies (a CDN, then nginx).
    expect(clientAddress(forwardedHops('6.6.6.6, 198.51.100.7, 203.0.113.2'), '10.0.0.5', two)).toBe('198.51.100.7')
    // Nothing forwarded (a request that skipped the proxy): the peer itself.
    expect(clientAddress([], '10.0.0.5', two)).toBe('10.0.0.5')
  })

  it('with a list, the right-most address that is not a trusted proxy', () => {
    expect(clientAddress(forwardedHops('6.6.6.6, 198.51.100.7, 10.0.1.9'), '10.0.0.5', list)).toBe('198.51.100.7')
    // A client connecting directly is not a proxy: its header is not read at all.
    expect(clientAddress(forwardedHops('10.0.1.9'), '198.51.100.7', list)).toBe('198.51.100.7')
    expect(clientAddress(forwardedHops('2001:db8::1'), '::1', list)).toBe('2001:db8::1')
  })

  it('without the socket (plain `next start`), the header as the nearest proxy wrote it', () => {
    expect(clientAddress(forwardedHops('198.51.100.7'), undefined, none)).toBe('198.51.100.7')
    expect(clientAddress(forwardedHops('6.6.6.6, 198.51.100.7'), undefined, one)).toBe('198.51.100.7')
    expect(clientAddress(forwardedHops('6.6.6.6, 198.51.100.7, 10.0.1.9'), undefined, list)).toBe('198.51.100.7')
  })

  it('never returns something that is not an address', () => {
    expect(clientAddress(forwardedHops('<script>, unknown'), undefined, none)).toBeNull()
    expect(normalizeAddress('[2001:db8::1]:443')).toBe('2001:db8::1')
    expect(normalizeAddress('198.51.100.7:8080')).toBe('198.51.100.7')
    expect(normalizeAddress('not-an-ip')).toBeNull()
  })
})

describe('what handlers read (clientIpFromHeaders)', () => {
  const from = (headers: Record<string, string>) => (name: string) => headers[name] ?? null
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('identity.clientIpAtEdge')]
  })

  it('under plain `next start` only a request stamped by this process has an address; a client’s own stamp is worth nothing', () => {
    markClientIpAtEdge('s3cret')
    expect(clientIpFromHeaders(from({ 'x-forwarded-for': '198.51.100.7', [CLIENT_IP_STAMP_HEADER]: 's3cret' }), none)).toBe('198.51.100.7')
    expect(clientIpFromHeaders(from({ 'x-forwarded-for': '6.6.6.6', [CLIENT_IP_STAMP_HEADER]: 'guess' }), none)).toBeNull()
    expect(clientIpFromHeaders(from({ 'x-forwarded-for': '6.6.6.6' }), none)).toBeNull()
  })

  it('under server.ts the one entry it wrote', () => {
    markClientIpAtEdge()
    expect(clientIpFromHeaders(from({ 'x-forwarded-for': '198.51.100.7' }), list)).toBe('198.51.100.7')
  })
})
