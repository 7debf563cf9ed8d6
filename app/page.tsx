import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { Shell } from '@/components/shell'
import { currentUser } from '@/lib/auth/current'

export default async function Home() {
  const signedIn = (await currentUser()) !== null
  const t = await getTranslations('home')
  return (
    <Shell signedIn={signedIn} wide>
      <h1 className="text-3xl font-semibold">{t('title')}</h1>
      <p className="mt-4 max-w-2xl text-slate-700">{t.rich('intro', { code: (chunks) => <code>{chunks}</code> })}</p>
      <div className="mt-8 flex flex-wrap gap-3">
        {signedIn ? (
          <Link href="/account" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800">
            {t('yourAccount')}
          </Link>
        ) : (
          <>
            <Link href="/sign-up" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800">
              {t('createAccount')}
            </Link>
            <Link href="/sign-in" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
              {t('signIn')}
            </Link>
          </>
        )}
        <Link href="/docs" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
          {t('apiDocs')}
        </Link>
      </div>
    </Shell>
  )
}
