import Link from 'next/link'
import { useTranslations } from 'next-intl'
import { Shell } from '@/components/shell'

export default function NotFound() {
  const t = useTranslations('common.notFound')
  return (
    <Shell>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-4 text-slate-700">{t('body')}</p>
      <Link className="mt-6 inline-block text-blue-700 underline" href="/">
        {t('home')}
      </Link>
    </Shell>
  )
}
