// next-intl's per-request configuration (next.config.ts points its plugin here): the locale from
// the switcher's cookie or Accept-Language, the catalogues, and the configured time zone. A key
// missing from a catalogue shows as ⟦namespace.key⟧ (the e2e specs fail on that mark) and is logged.
import { cookies, headers } from 'next/headers'
import { getRequestConfig } from 'next-intl/server'
import { config } from '../config'
import { log } from '../log'
import { catalogues } from './catalogues'
import { LOCALE_COOKIE, requestLocale } from './locales'

export default getRequestConfig(async () => {
  const locale = requestLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get('accept-language'))
  return {
    locale,
    messages: catalogues[locale],
    timeZone: config().ADMIN_TIMEZONE,
    onError: (error) => log.error('i18n', { code: error.code, message: error.message }),
    getMessageFallback: ({ namespace, key }) => `⟦${namespace ? `${namespace}.` : ''}${key}⟧`,
  }
})
