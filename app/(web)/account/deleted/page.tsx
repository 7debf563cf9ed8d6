// Where a person lands after deleting their account (注销账号, #24): signed out, told it is done.
import type { Metadata } from 'next'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { Shell } from '@/components/shell'

export async function generateMetadata(): Promise<Metadata> {
  const [t, common] = await Promise.all([getTranslations('account.deleted'), getTranslations('common')])
  return { title: `${t('metaTitle')} · ${common('serviceName')}` }
}

export default async function AccountDeletedPage() {
  const t = await getTranslations('account.deleted')
  return (
    <Shell>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p role="status" className="mt-4 text-slate-700">
        {t('body')}
      </p>
      <p className="mt-6">
        <Link href="/" className="text-blue-700 underline">
          {t('home')}
        </Link>
      </p>
    </Shell>
  )
}
