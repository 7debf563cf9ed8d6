// The apps the user signed in to with this service (OpenID Connect consents, lib/oidc/consent.ts),
// each with "Revoke".
import { Card } from '@/components/shell'
import { Button } from '@/components/button'
import { connectedApps } from '@/lib/oidc/consent'
import { revokeAppAction } from './connected-apps-action'

export async function ConnectedApps({ userId }: { userId: number }) {
  const apps = await connectedApps(userId)
  return (
    <Card title="Connected apps · 已授权的应用" id="apps">
      {apps.length === 0 ? (
        <p className="text-sm text-slate-700">No app signs in with your account. · 没有应用使用您的账号登录。</p>
      ) : (
        <ul className="divide-y divide-slate-200" aria-label="Connected apps">
          {apps.map((a) => (
            <li key={a.clientId} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="connected-app">
              <div className="min-w-0 text-sm">
                <p className="font-medium">{a.name}</p>
                <p className="break-words text-slate-600">
                  {a.scopes.join(' ')} · since {a.since.toISOString().slice(0, 10)}
                </p>
              </div>
              <form action={revokeAppAction}>
                <input type="hidden" name="clientId" value={a.clientId} />
                <Button type="submit" variant="danger" aria-label={`Revoke ${a.name}`}>
                  Revoke · 撤销
                </Button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}
