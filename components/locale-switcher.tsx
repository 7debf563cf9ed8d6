// The language switcher: a small form per language, so it works before the page's scripts load
// (a server action sets the cookie; the page re-renders in the new language).
import { useLocale, useTranslations } from 'next-intl'
import { setLocale } from '@/lib/i18n/actions'
import { LOCALES } from '@/lib/i18n/locales'

export function LocaleSwitcher() {
  const t = useTranslations('common.language')
  const current = useLocale()
  return (
    <div role="group" aria-label={t('label')} className="flex items-center gap-1 text-sm">
      {LOCALES.map((locale) => (
        <form key={locale} action={setLocale}>
          <input type="hidden" name="locale" value={locale} />
          <button
            type="submit"
            lang={locale}
            aria-pressed={locale === current}
            aria-label={t('switchTo', { language: t(locale) })}
            className={`rounded px-2 py-1 ${locale === current ? 'bg-slate-200 font-medium text-slate-900' : 'text-blue-700 hover:bg-slate-100'}`}
          >
            {t(locale)}
          </button>
        </form>
      ))}
    </div>
  )
}
