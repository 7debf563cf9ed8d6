// Shared field rules (SPEC §3): normalizing phones, emails and names. Dialect schemas build on these
// with their own messages; the limits (code length, name width, password length) are in ./rules.
import unhomoglyph from 'unhomoglyph'

/** Mainland China mobile numbers: 1[3-9] and nine digits (reference §2: the real regex forgot 16x/19x). */
const CHINA_MOBILE = /^1[3-9]\d{9}$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const ALL_DIGITS = /^\d+$/

/** Strips spaces, dashes and a +86 / 86 / 0086 prefix. Returns null when what is left is not a mobile number. */
export function normalizePhone(input: string): string | null {
  let s = input.replace(/[\s-]/g, '')
  if (s.startsWith('+86')) s = s.slice(3)
  else if (s.startsWith('0086')) s = s.slice(4)
  else if (s.length === 13 && s.startsWith('86')) s = s.slice(2)
  return CHINA_MOBILE.test(s) ? s : null
}

/** Dashes a person may type between groups of digits (hyphen, non-breaking hyphen, figure, en and em dashes, minus). */
const DASHES = /[\u2010-\u2015\u2212]/g

/**
 * A phone number as a person types it into a page: full-width digits and signs (０-９, ＋, the
 * ideographic space, －) as a Chinese input method gives them, spaces and any dash between groups.
 * Folded with NFKC, then read as normalizePhone does. The pages' forms use this; the dialect APIs
 * keep normalizePhone, which accepts what the real systems accepted.
 */
export function normalizePhoneInput(input: string): string | null {
  return normalizePhone(input.normalize('NFKC').replace(DASHES, '-'))
}

export function normalizeEmail(input: string): string | null {
  const s = input.trim().toLowerCase()
  return s.length <= 254 && EMAIL.test(s) ? s : null
}

/** The key a name is unique under: names compare case-insensitively (SPEC §3). */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase()
}

/**
 * The key under which no two new names may be confusable (#21 item 11; docs/decisions/0009): the
 * UTS #39 skeleton — NFD, each character mapped by confusables.txt (the `unhomoglyph` package's
 * table), NFD again — of the name's nameKey, folded to lower case once more (the table maps `0` to
 * `O`). A name that reads as a phone or an email is skeletonised in its normalised form, so
 * `+86 138 0013 8000` and `13800138000` are one key.
 */
export function nameSkeleton(name: string): string {
  const trimmed = name.trim()
  const contact = normalizePhone(trimmed) ?? (trimmed.includes('@') ? normalizeEmail(trimmed) : null)
  return unhomoglyph(nameKey(contact ?? trimmed).normalize('NFD'))
    .normalize('NFD')
    .toLowerCase()
}

export type LoginIdentifier =
  { kind: 'phone'; value: string } | { kind: 'email'; value: string } | { kind: 'id'; value: number } | { kind: 'name'; value: string }

/** What a single login string is: a phone, an email, an all-digit id (when allowed), or a name. */
export function classifyLogin(login: string, opts: { allowId?: boolean } = {}): LoginIdentifier {
  const trimmed = login.trim()
  const phone = normalizePhone(trimmed)
  if (phone) return { kind: 'phone', value: phone }
  if (trimmed.includes('@')) {
    const email = normalizeEmail(trimmed)
    if (email) return { kind: 'email', value: email }
  }
  if (opts.allowId && ALL_DIGITS.test(trimmed) && trimmed.length <= 15) return { kind: 'id', value: Number(trimmed) }
  return { kind: 'name', value: trimmed }
}
