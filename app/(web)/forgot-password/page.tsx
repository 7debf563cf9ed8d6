import type { Metadata } from 'next'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { Shell } from '@/components/shell'
import { config } from '@/lib/config'
import { ForgotPasswordForm } from './form'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations()
  return { title: `${t('auth.forgot.metaTitle')} · ${t('common.serviceName')}` }
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations('auth.forgot')
  return (
    <Shell>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-2 text-sm text-slate-700">{t('intro')}</p>
      <div className="mt-6">
        <ForgotPasswordForm passwordMin={config().PASSWORD_MIN_LENGTH} />
      </div>
      <p className="mt-6 text-sm text-slate-700">
        {t('remembered')}{' '}
        <Link href="/sign-in" className="text-blue-700 underline">
          {t('signIn')}
        </Link>
      </p>
    </Shell>
  )
}
