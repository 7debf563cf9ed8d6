// The consent step of an OpenID Connect sign-in (lib/oidc/interaction.ts): which app asks for what.
// The form posts to /oidc/interaction/<uid>/confirm, answered by server.ts; signing in itself is
// the /sign-in page, which sends the person back here.
import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { Shell } from '@/components/shell'
import { Button } from '@/components/button'
import { requireUser } from '@/lib/auth/current'
import { pendingInteraction } from '@/lib/oidc/consent'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations()
  return { title: `${t('auth.oidc.metaTitle')} · ${t('common.serviceName')}` }
}

const SCOPES = ['openid', 'profile', 'email', 'phone', 'roles', 'offline_access'] as const
const isKnownScope = (s: string): s is (typeof SCOPES)[number] => (SCOPES as readonly string[]).includes(s)

export default async function ConsentPage({ params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params
  const { user } = await requireUser(`/oidc/interaction/${uid}`)
  const pending = await pendingInteraction(uid)
  const t = await getTranslations('auth.oidc')
  if (!pending) {
    return (
      <Shell>
        <h1 className="text-2xl font-semibold">{t('expiredTitle')}</h1>
        <p className="mt-4 text-sm text-slate-700">{t('expiredBody')}</p>
      </Shell>
    )
  }
  return (
    <Shell>
      <h1 className="text-2xl font-semibold" data-testid="consent-title">
        {t('title', { client: pending.clientName })}
      </h1>
      <p className="mt-4 text-sm text-slate-700">{t.rich('signedInAs', { name: () => <strong>{user.name}</strong> })}</p>
      <p className="mt-4 text-sm text-slate-700">{t('scopesLabel')}</p>
      <ul className="mt-2 list-disc pl-6 text-sm" data-testid="consent-scopes">
        {pending.scopes.map((s) => (
          <li key={s}>{isKnownScope(s) ? t(`scopes.${s}`) : s}</li>
        ))}
      </ul>
      <form method="post" action={`/oidc/interaction/${pending.uid}/confirm`} className="mt-6 flex gap-3">
        <Button type="submit" name="decision" value="allow">
          {t('allow')}
        </Button>
        <Button type="submit" name="decision" value="deny" variant="secondary">
          {t('deny')}
        </Button>
      </form>
    </Shell>
  )
}
