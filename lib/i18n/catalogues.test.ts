// The catalogues are complete (#24): every key of one language is in the other, with the same
// placeholders and rich-text tags, no message is empty, and every message parses as ICU.
import { describe, expect, it } from 'vitest'
import { IntlMessageFormat } from 'intl-messageformat'
import { catalogues } from './catalogues'
import { LOCALES } from './locales'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv)
  }
  return out
}

/** The names a message needs: `{name}`, `{n, plural, …}` and `<tag>` (next-intl's rich text). */
function argumentsOf(message: string): string[] {
  const names = new Set<string>()
  for (const m of message.matchAll(/\{\s*([A-Za-z_]\w*)\s*[,}]/g)) names.add(m[1])
  for (const m of message.matchAll(/<([A-Za-z]\w*)>/g)) names.add(`<${m[1]}>`)
  return [...names].sort()
}

const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(catalogues[l] as unknown as Tree)]))

describe('message catalogues', () => {
  it('have the same keys in every language', () => {
    const [first, ...rest] = LOCALES
    for (const other of rest) {
      const a = [...flat[first].keys()].sort()
      const b = [...flat[other].keys()].sort()
      expect(
        a.filter((k) => !flat[other].has(k)),
        `missing in ${other}`,
      ).toEqual([])
      expect(
        b.filter((k) => !flat[first].has(k)),
        `missing in ${first}`,
      ).toEqual([])
    }
  })

  it('use the same placeholders and tags in every language', () => {
    for (const [key, zh] of flat['zh-CN']) {
      const en = flat.en.get(key)
      if (en === undefined) continue
      expect(argumentsOf(en), key).toEqual(argumentsOf(zh))
    }
  })

  it('have no empty message, and every message is valid ICU', () => {
    for (const locale of LOCALES) {
      for (const [key, message] of flat[locale]) {
        expect(message.trim(), `${locale} ${key}`).not.toBe('')
        expect(() => new IntlMessageFormat(message, locale), `${locale} ${key}`).not.toThrow()
      }
    }
  })

  it('catches a missing key (the check can fail)', () => {
    const broken = flatten({ a: 'x', b: { c: 'y' } })
    expect([...broken.keys()]).toEqual(['a', 'b.c'])
    expect(argumentsOf('Try in {seconds} s, <code>x</code> {n, plural, one {#} other {#}}')).toEqual(['<code>', 'n', 'seconds'])
  })
})
