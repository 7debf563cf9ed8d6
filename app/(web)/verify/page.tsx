import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { Shell } from '@/components/shell'
import { currentUser } from '@/lib/auth/current'
import { config } from '@/lib/config'
import { resendCodeSchema } from './schema'
import { VerifyForm } from './form'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations()
  return { title: `${t('auth.verify.metaTitle')} · ${t('common.serviceName')}` }
}

export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentUser()) redirect('/account')
  const params = await searchParams
  const target = resendCodeSchema.safeParse({ channel: params.channel, target: params.target })
  const wait = Math.min(Math.max(Number(params.wait) || 0, 0), 300)
  const t = await getTranslations('auth.verify')
  return (
    <Shell>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {target.success ? (
        <div className="mt-6">
          <VerifyForm
            channel={target.data.channel}
            target={target.data.target}
            initialWait={wait}
            passwordMin={config().PASSWORD_MIN_LENGTH}
            documents={{ terms: config().TERMS_URL, privacy: config().PRIVACY_URL }}
          />
        </div>
      ) : (
        <p className="mt-4 text-slate-700">
          {t('missing')}{' '}
          <Link href="/sign-up" className="text-blue-700 underline">
            {t('restart')}
          </Link>
        </p>
      )}
    </Shell>
  )
}
