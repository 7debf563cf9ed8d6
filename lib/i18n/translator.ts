// A translator outside a request (tests, scripts): next-intl's createTranslator over our catalogues.
import { createTranslator } from 'next-intl'
import { catalogues } from './catalogues'
import type { Locale } from './locales'
import type { Translate } from './text'

export function translatorFor(locale: Locale, timeZone = 'Asia/Shanghai'): Translate {
  return createTranslator({ locale, messages: catalogues[locale], timeZone }) as unknown as Translate
}
