// The client's address, one rule for every serving path (issue 21 item 4): server.ts's fast path,
// the requests server.ts hands to Next, and plain `next start`.
//
// A request's hops are the X-Forwarded-For entries, left to right, then the address that connected
// to us (the peer). Each proxy appends the address it saw, so only the entries written by proxies we
// trust are worth anything; everything to their left is what the client typed. TRUST_PROXY says
// which proxies those are:
//   unset / false   no proxy: the peer is the client; no forwarded header is believed.
//   true | N        the nearest N hops (true = 1) are proxies: the client is the N-th hop from the
//                   right, counting the peer as the first.
//   a list          addresses or CIDRs of our proxies (`127.0.0.1, 10.0.0.0/8, ::1`): the client is
//                   the right-most hop that is not one of them.
// In every case a hop left of the chosen one is never used, so a forged entry only ever lands
// where a client's own claim would: to the left of what our proxies wrote.
import { BlockList, isIP } from 'node:net'

export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'list'; list: BlockList; text: string }

const NONE: TrustProxy = { kind: 'none' }

/**
 * Parses the TRUST_PROXY setting; throws an Error naming the bad part (lib/config.ts turns it into
 * a start-up message).
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const v = (raw ?? '').trim().toLowerCase()
  if (v === '' || v === 'false' || v === '0' || v === 'no') return NONE
  if (v === 'true' || v === 'yes') return { kind: 'hops', hops: 1 }
  if (/^\d+$/.test(v)) {
    const hops = Number(v)
    if (hops > 10) throw new Error('a hop count above 10 is not a real proxy chain')
    return { kind: 'hops', hops }
  }
  const list = new BlockList()
  for (const part of v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [addr, bits, extra] = part.split('/')
    const family = isIP(addr)
    if (!family || extra !== undefined) throw new Error(`"${part}" is not an address or CIDR (e.g. 127.0.0.1, 10.0.0.0/8, ::1)`)
    const type = family === 4 ? 'ipv4' : 'ipv6'
    if (bits === undefined) {
      list.addAddress(addr, type)
      continue
    }
    const prefix = Number(bits)
    if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) throw new Error(`"${part}" has a bad prefix length`)
    list.addSubnet(addr, prefix, type)
  }
  return { kind: 'list', list, text: v }
}

/** An address as written in a header or by the socket: trimmed, IPv4-mapped IPv6 unwrapped, port dropped. */
export function normalizeAddress(raw: string | undefined | null): string | null {
  if (!raw) return null
  let a = raw.trim()
  // `[::1]:1234` and `1.2.3.4:5678` (some proxies add the port); a bare IPv6 address keeps its colons.
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(a)
  if (bracket) a = bracket[1]
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'))
  if (a.toLowerCase().startsWith('::ffff:') && isIP(a.slice(7)) === 4) a = a.slice(7)
  return isIP(a) ? a : null
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')
}

/** The X-Forwarded-For entries, left to right (several header lines count as one list). */
export function forwardedHops(header: string | string[] | null | undefined): string[] {
  if (!header) return []
  const text = Array.isArray(header) ? header.join(',') : header
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

/**
 * The client's address from the hops and the peer. `peer` undefined means the peer is not known
 * (plain `next start`, which gives handlers no socket): then the nearest hop is taken to be what
 * the server itself appended or a proxy wrote, which is true only when the client sent no header
 * or a trusted proxy is in front (docs/deploy.md: serve with server.ts).
 */
export function clientAddress(forwarded: string[], peer: string | null | undefined, trust: TrustProxy): string | null {
  const chain = peer === undefined ? forwarded : [...forwarded, peer ?? '']
  if (chain.length === 0) return null
  let index: number
  if (trust.kind === 'none') {
    index = chain.length - 1
  } else if (trust.kind === 'hops') {
    // With the peer in the chain it is the first of the N proxies; without it, it was one already.
    const skip = peer === undefined ? trust.hops - 1 : trust.hops
    index = Math.max(0, chain.length - 1 - skip)
  } else {
    index = chain.length - 1
    while (index > 0) {
      const a = normalizeAddress(chain[index])
      if (!a || !isTrusted(trust.list, a)) break
      index--
    }
  }
  return normalizeAddress(chain[index])
}

// Who wrote the X-Forwarded-For a handler reads. server.ts: it worked the address out from its
// socket and passed it on as the one entry (markClientIpAtEdge). Plain `next start`: Next keeps
// whatever header the client sent (it only fills one in when there is none), so instrumentation.ts
// installs lib/http/next-client-ip.ts, which applies the rule to the socket the same way and stamps
// the request with this process's secret; a request without the stamp (it arrived before the hook
// was installed) has no known address. Neither (unit tests): the rule on the header alone.
const EDGE = Symbol.for('identity.clientIpAtEdge')
const edge = globalThis as unknown as { [EDGE]?: { stamp?: string } }

/** The header that carries the per-process stamp under plain `next start`. */
export const CLIENT_IP_STAMP_HEADER = 'x-identity-client-ip'

export function markClientIpAtEdge(stamp?: string): void {
  edge[EDGE] = { stamp }
}

export const clientIpAtEdge = (): boolean => edge[EDGE] !== undefined

/** What a handler reads: the one entry written at the edge (server.ts, or the `next start` hook); else the rule on the header alone. */
export function clientIpFromHeaders(get: (name: string) => string | null, trust: TrustProxy): string | null {
  const hops = forwardedHops(get('x-forwarded-for'))
  const at = edge[EDGE]
  if (!at) return clientAddress(hops, undefined, trust)
  if (at.stamp !== undefined && get(CLIENT_IP_STAMP_HEADER) !== at.stamp) return null
  return normalizeAddress(hops[hops.length - 1])
}
