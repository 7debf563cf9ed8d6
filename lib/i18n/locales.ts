// The languages the pages speak (#24) and how one is chosen: the cookie a person set with the
// switcher, else the browser's Accept-Language, else Simplified Chinese. No i18n routing: a page
// has one URL in every language, so links, redirects and OIDC callbacks stay as they are.
export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'
/** next-intl's own cookie name; a year, like the switchers of Logto and Casdoor. */
export const LOCALE_COOKIE = 'NEXT_LOCALE'
export const LOCALE_COOKIE_MAX_AGE = 365 * 24 * 3600

export const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (LOCALES as readonly string[]).includes(v)

/** The locale one language tag stands for: any Chinese is zh-CN (the catalogue is Simplified), any English is en. */
function localeOfTag(tag: string): Locale | null {
  const primary = tag.trim().toLowerCase().split('-')[0]
  if (primary === 'zh') return 'zh-CN'
  if (primary === 'en') return 'en'
  return null
}

/** The best locale for an Accept-Language header (RFC 9110 §12.5.4: q-values, order breaks ties). */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE
  let best: { locale: Locale; q: number } | null = null
  for (const part of acceptLanguage.split(',').slice(0, 32)) {
    const [tag, ...params] = part.split(';')
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const q = qParam ? Number(qParam.slice(2)) : 1
    if (!Number.isFinite(q) || q <= 0) continue
    const locale = tag.trim() === '*' ? DEFAULT_LOCALE : localeOfTag(tag)
    if (locale && (!best || q > best.q)) best = { locale, q }
  }
  return best?.locale ?? DEFAULT_LOCALE
}

/** The locale of a request: the switcher's cookie when it names one we have, else the header. */
export function requestLocale(cookie: string | undefined, acceptLanguage: string | null | undefined): Locale {
  return isLocale(cookie) ? cookie : negotiateLocale(acceptLanguage)
}
