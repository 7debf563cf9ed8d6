// OpenID Connect clients (and the services of introspection): register, edit, delete (#27).
import { useTranslations } from 'next-intl'
import { getTranslations } from 'next-intl/server'
import { requireAdmin } from '@/lib/admin/guard'
import { listOidcClients, type OidcClientRow } from '@/lib/oidc/clients'
import { ActionForm, ActionInput, SubmitButton } from '@/components/admin/action-form'
import { PageTitle, Panel } from '@/components/admin/ui'
import { createClientAction, deleteClientAction, updateClientAction } from './actions'

export const dynamic = 'force-dynamic'

const GRANTS = ['authorization_code', 'refresh_token', 'client_credentials'] as const

function SettingsFields({ client }: { client?: OidcClientRow }) {
  const s = client?.settings
  const grants = s?.grantTypes ?? (client ? ['client_credentials'] : ['authorization_code', 'refresh_token'])
  const t = useTranslations('admin.clients')
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <ActionInput name="name" label={t('name')} defaultValue={client?.name} required maxLength={100} />
      <label className="block text-sm font-medium text-slate-800 md:col-span-2">
        {t('redirectUris')}
        <textarea
          name="redirectUris"
          defaultValue={s?.redirectUris.join('\n')}
          rows={2}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
      </label>
      <label className="block text-sm font-medium text-slate-800 md:col-span-2">
        {t('postLogout')}
        <textarea
          name="postLogoutRedirectUris"
          defaultValue={s?.postLogoutRedirectUris.join('\n')}
          rows={2}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
      </label>
      <fieldset className="text-sm md:col-span-2">
        <legend className="font-medium text-slate-800">{t('grants')}</legend>
        {GRANTS.map((g) => (
          <label key={g} className="mr-4 inline-flex items-center gap-1">
            <input type="checkbox" name="grantTypes" value={g} defaultChecked={grants.includes(g)} /> {g}
          </label>
        ))}
      </fieldset>
      <ActionInput name="backchannelLogoutUri" label={t('backchannel')} defaultValue={s?.backchannelLogoutUri} />
      <ActionInput name="accessTokenTtlSeconds" label={t('accessTtl')} type="number" defaultValue={s?.accessTokenTtlSeconds} />
      <ActionInput name="idTokenTtlSeconds" label={t('idTtl')} type="number" defaultValue={s?.idTokenTtlSeconds} />
      <ActionInput name="refreshTokenTtlSeconds" label={t('refreshTtl')} type="number" defaultValue={s?.refreshTokenTtlSeconds} />
      <label className="inline-flex items-center gap-2 text-sm">
        <input type="checkbox" name="rotateRefreshTokens" defaultChecked={s?.rotateRefreshTokens ?? true} /> {t('rotate')}
      </label>
    </div>
  )
}

export default async function ClientsPage() {
  await requireAdmin('/admin/clients')
  const clients = await listOidcClients()
  const t = await getTranslations('admin.clients')
  return (
    <>
      <PageTitle sub={t('sub')}>{t('title')}</PageTitle>
      <div className="grid gap-4">
        <Panel title={t('register')} id="new-client">
          <ActionForm action={createClientAction} id="create-client" label={t('register')} className="grid gap-3">
            <SettingsFields />
            <label className="inline-flex items-center gap-2 text-sm">
              <input type="checkbox" name="public" /> {t('public')}
            </label>
            <div>
              <SubmitButton>{t('registerButton')}</SubmitButton>
            </div>
          </ActionForm>
        </Panel>
        {clients.map((c) => (
          <Panel key={c.id} title={`${c.name} · ${c.id}`}>
            <p className="mb-3 text-sm text-slate-600" data-testid="client-kind">
              {c.settings ? (c.settings.public ? t('kindPublic') : t('kindConfidential')) : t('kindService')}
            </p>
            <ActionForm action={updateClientAction} id={`edit-${c.id}`} label={t('edit', { name: c.name })} className="grid gap-3">
              <input type="hidden" name="id" value={c.id} />
              {c.settings?.public ? <input type="hidden" name="public" value="on" /> : null}
              <SettingsFields client={c} />
              <div>
                <SubmitButton>{t('save')}</SubmitButton>
              </div>
            </ActionForm>
            <ActionForm
              action={deleteClientAction}
              id={`delete-${c.id}`}
              label={t('deleteLabel', { name: c.name })}
              className="mt-3"
              confirm={t('deleteConfirm', { name: c.name, id: c.id })}
              confirmLabel={t('deleteClient')}
            >
              <input type="hidden" name="id" value={c.id} />
              <SubmitButton variant="danger" aria-label={t('deleteLabel', { name: c.name })}>
                {t('delete')}
              </SubmitButton>
            </ActionForm>
          </Panel>
        ))}
      </div>
    </>
  )
}
