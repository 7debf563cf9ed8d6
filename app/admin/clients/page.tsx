// OpenID Connect clients (and the services of introspection): register, edit, delete (#27).
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
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <ActionInput name="name" label="Name" defaultValue={client?.name} required maxLength={100} />
      <label className="block text-sm font-medium text-slate-800 md:col-span-2">
        Redirect URIs (one a line)
        <textarea
          name="redirectUris"
          defaultValue={s?.redirectUris.join('\n')}
          rows={2}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
      </label>
      <label className="block text-sm font-medium text-slate-800 md:col-span-2">
        Post-logout redirect URIs (one a line)
        <textarea
          name="postLogoutRedirectUris"
          defaultValue={s?.postLogoutRedirectUris.join('\n')}
          rows={2}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
      </label>
      <fieldset className="text-sm md:col-span-2">
        <legend className="font-medium text-slate-800">Grant types</legend>
        {GRANTS.map((g) => (
          <label key={g} className="mr-4 inline-flex items-center gap-1">
            <input type="checkbox" name="grantTypes" value={g} defaultChecked={grants.includes(g)} /> {g}
          </label>
        ))}
      </fieldset>
      <ActionInput name="backchannelLogoutUri" label="Back-channel logout URI" defaultValue={s?.backchannelLogoutUri} />
      <ActionInput name="accessTokenTtlSeconds" label="Access token lifetime (s)" type="number" defaultValue={s?.accessTokenTtlSeconds} />
      <ActionInput name="idTokenTtlSeconds" label="ID token lifetime (s)" type="number" defaultValue={s?.idTokenTtlSeconds} />
      <ActionInput name="refreshTokenTtlSeconds" label="Refresh token lifetime (s)" type="number" defaultValue={s?.refreshTokenTtlSeconds} />
      <label className="inline-flex items-center gap-2 text-sm">
        <input type="checkbox" name="rotateRefreshTokens" defaultChecked={s?.rotateRefreshTokens ?? true} /> Rotate refresh tokens (reuse ends the grant)
      </label>
    </div>
  )
}

export default async function ClientsPage() {
  await requireAdmin('/admin/clients')
  const clients = await listOidcClients()
  return (
    <>
      <PageTitle sub="Apps that sign their users in with this service (OpenID Connect, docs/oidc.md), and services using client credentials and introspection.">
        Clients
      </PageTitle>
      <div className="grid gap-4">
        <Panel title="Register a client" id="new-client">
          <ActionForm action={createClientAction} id="create-client" label="Register a client" className="grid gap-3">
            <SettingsFields />
            <label className="inline-flex items-center gap-2 text-sm">
              <input type="checkbox" name="public" /> Public client (browser or mobile app: no secret, PKCE required)
            </label>
            <div>
              <SubmitButton>Register</SubmitButton>
            </div>
          </ActionForm>
        </Panel>
        {clients.map((c) => (
          <Panel key={c.id} title={`${c.name} · ${c.id}`}>
            <p className="mb-3 text-sm text-slate-600" data-testid="client-kind">
              {c.settings ? (c.settings.public ? 'Public client (PKCE)' : 'Confidential client') : 'Service (client credentials, introspection)'}
            </p>
            <ActionForm action={updateClientAction} id={`edit-${c.id}`} label={`Edit ${c.name}`} className="grid gap-3">
              <input type="hidden" name="id" value={c.id} />
              {c.settings?.public ? <input type="hidden" name="public" value="on" /> : null}
              <SettingsFields client={c} />
              <div>
                <SubmitButton>Save</SubmitButton>
              </div>
            </ActionForm>
            <ActionForm
              action={deleteClientAction}
              id={`delete-${c.id}`}
              label={`Delete ${c.name}`}
              className="mt-3"
              confirm={`Delete ${c.name}? Apps using ${c.id} can no longer sign anyone in, and its tokens stop working.`}
              confirmLabel="Delete client"
            >
              <input type="hidden" name="id" value={c.id} />
              <SubmitButton variant="danger" aria-label={`Delete ${c.name}`}>
                Delete
              </SubmitButton>
            </ActionForm>
          </Panel>
        ))}
      </div>
    </>
  )
}
