import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { Shell } from '@/components/shell'
import { currentUser, MUST_CHANGE_PATH } from '@/lib/auth/current'
import { safeNext } from '@/lib/auth/safe-next'
import { SignInForm } from './form'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations()
  return { title: `${t('auth.signIn.metaTitle')} · ${t('common.serviceName')}` }
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams
  // Only same-origin paths, parsed as the browser will (lib/auth/safe-next.ts, issue #21 item 2).
  const next = safeNext(params.next)
  const current = await currentUser()
  // A temporary password set by an admin is changed first (#25).
  if (current) redirect(current.user.passwordMustChange ? MUST_CHANGE_PATH : next)
  const t = await getTranslations('auth.signIn')
  return (
    <Shell>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <div className="mt-6">
        <SignInForm next={next} />
      </div>
      <p className="mt-6 text-sm text-slate-700">
        {t('noAccount')}{' '}
        <Link href="/sign-up" className="text-blue-700 underline">
          {t('signUp')}
        </Link>
      </p>
    </Shell>
  )
}
