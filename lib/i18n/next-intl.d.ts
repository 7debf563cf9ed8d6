// next-intl checks every `t('…')` key and `useLocale()` against these (next-intl.dev "TypeScript augmentation").
import type { Messages } from './catalogues'
import type { Locale } from './locales'

declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale
    Messages: Messages
  }
}
