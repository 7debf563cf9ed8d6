// Spellings of a JWT that lenient base64 decoders (PHP's base64_decode, Python's binascii, atob)
// read as the same bytes, for the canonical base64url tests (#21 item 12).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** The segment with an unused low bit of its last character set: the same bytes, another text. */
export function flipLastBit(segment: string): string {
  if (segment.length % 4 === 0) throw new Error('a segment without unused bits')
  const last = ALPHABET.indexOf(segment.at(-1)!)
  return segment.slice(0, -1) + ALPHABET[last ^ 1]
}

/** Non-canonical spellings of a token: padding, junk or whitespace in a segment, unused bits set. */
export function nonCanonical(token: string): string[] {
  const [h, p, s] = token.split('.')
  const out = [`${h}.${p}.${s}=`, `${h}.${p}.${s}==`, `${h}.${p}.${s}!`, `${h}.${p}.${s}~`, `${h}.${p}.${s} `, `${h}.${p}.${s.slice(0, 10)}*${s.slice(10)}`]
  out.push(`${h}=.${p}.${s}`, `${h}.${p}=.${s}`, `${h}.${p}.${flipLastBit(s)}`)
  if (h.length % 4 !== 0) out.push(`${flipLastBit(h)}.${p}.${s}`)
  if (p.length % 4 !== 0) out.push(`${h}.${flipLastBit(p)}.${s}`)
  return out
}
