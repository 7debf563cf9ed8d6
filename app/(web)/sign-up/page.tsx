import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { Shell } from '@/components/shell'
import { currentUser } from '@/lib/auth/current'
import { CODE_LENGTH } from '@/lib/core/rules'
import { resendCodeSchema } from '../verify/schema'
import { SignUpForm } from './form'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations()
  return { title: `${t('auth.signUp.metaTitle')} · ${t('common.serviceName')}` }
}

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentUser()) redirect('/account')
  // Back from the verify step to change the number or address: the form starts from it.
  const params = await searchParams
  const back = resendCodeSchema.safeParse({ channel: params.channel, target: params.target })
  const t = await getTranslations('auth.signUp')
  return (
    <Shell>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-2 text-slate-700">{t('intro', { codeLength: CODE_LENGTH })}</p>
      <div className="mt-6">
        <SignUpForm initial={back.success ? { channel: back.data.channel, target: back.data.target } : undefined} />
      </div>
      <p className="mt-6 text-sm text-slate-700">
        {t('haveAccount')}{' '}
        <Link href="/sign-in" className="text-blue-700 underline">
          {t('signIn')}
        </Link>
      </p>
    </Shell>
  )
}
