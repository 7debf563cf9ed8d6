// The apps the user signed in to with this service (OpenID Connect consents, lib/oidc/consent.ts),
// each with "Revoke".
import { getTranslations } from 'next-intl/server'
import { Card } from '@/components/shell'
import { Button } from '@/components/button'
import { Time } from '@/components/time'
import { connectedApps } from '@/lib/oidc/consent'
import { revokeAppAction } from './connected-apps-action'

export async function ConnectedApps({ userId }: { userId: number }) {
  const apps = await connectedApps(userId)
  const t = await getTranslations('account.apps')
  return (
    <Card title={t('title')} id="apps">
      {apps.length === 0 ? (
        <p className="text-sm text-slate-700">{t('none')}</p>
      ) : (
        <ul className="divide-y divide-slate-200" aria-label={t('list')}>
          {apps.map((a) => (
            <li key={a.clientId} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="connected-app">
              <div className="min-w-0 text-sm">
                <p className="font-medium">{a.name}</p>
                <p className="break-words text-slate-600">{t.rich('since', { scopes: a.scopes.join(' '), since: () => <Time value={a.since} date /> })}</p>
              </div>
              <form action={revokeAppAction}>
                <input type="hidden" name="clientId" value={a.clientId} />
                <Button type="submit" variant="danger" aria-label={t('revokeNamed', { name: a.name })}>
                  {t('revoke')}
                </Button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}
