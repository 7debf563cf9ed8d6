import Link from 'next/link'
import { useTranslations } from 'next-intl'

// Rendered with HTTP 403 when requireAdmin() finds a signed-in user without role ADMIN.
export default function Forbidden() {
  const t = useTranslations('admin.forbidden')
  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-4 text-slate-700">{t('body')}</p>
      <Link className="mt-6 inline-block text-blue-700 underline" href="/account">
        {t('back')}
      </Link>
    </div>
  )
}
