'use client'
// What a page that failed to render shows (the server logged the error); the rest of the frame stays.
import { useTranslations } from 'next-intl'
import { Button } from '@/components/button'
import { Shell } from '@/components/shell'

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('common.error')
  return (
    <Shell>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-4 text-slate-700">{t('body')}</p>
      <Button type="button" className="mt-6" onClick={reset}>
        {t('retry')}
      </Button>
    </Shell>
  )
}
