// Clients of this service (docs/standards.md, docs/oidc.md): services of /oauth/introspect and
// /oauth/revoke, and OpenID Connect apps that sign their users in with it.
//   npm run oauth:client -- --name billing                        a service (client credentials, introspection): id and secret, shown once
//   npm run oauth:client -- --name web --redirect-uri https://app.example/cb [--public] [--post-logout-uri URL]
//                          [--grant authorization_code --grant refresh_token] [--backchannel-logout-uri URL]
//                          [--access-ttl S] [--refresh-ttl S] [--id-token-ttl S] [--no-rotate]
//                                                                 an OpenID Connect app (public: no secret, PKCE)
//   npm run oauth:client -- --list
//   npm run oauth:client -- --delete <id>
import { parseArgs } from 'node:util'
import { ConfigError } from '../lib/config'
import { db } from '../lib/db'
import { createOAuthClient } from '../lib/core/oauth-clients'
import { clientSettingsSchema, createOidcClient, deleteOidcClient, listOidcClients } from '../lib/oidc/clients'

async function main() {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      list: { type: 'boolean', default: false },
      delete: { type: 'string' },
      public: { type: 'boolean', default: false },
      'redirect-uri': { type: 'string', multiple: true },
      'post-logout-uri': { type: 'string', multiple: true },
      grant: { type: 'string', multiple: true },
      'backchannel-logout-uri': { type: 'string' },
      'access-ttl': { type: 'string' },
      'refresh-ttl': { type: 'string' },
      'id-token-ttl': { type: 'string' },
      'no-rotate': { type: 'boolean', default: false },
    },
  })
  if (values.list) {
    for (const c of await listOidcClients()) {
      const kind = c.settings
        ? `${c.settings.public ? 'public' : 'confidential'} ${c.settings.grantTypes.join(',')} ${c.settings.redirectUris.join(' ')}`
        : 'service'
      console.log(`${c.id}  ${c.name}  ${kind}  created ${c.createdAt.toISOString()}`)
    }
    return
  }
  if (values.delete) {
    console.log((await deleteOidcClient(values.delete)) ? `deleted ${values.delete}` : `no client ${values.delete}`)
    return
  }
  if (!values.name) throw new Error('usage: --name NAME [--redirect-uri URL ... --public ...] | --list | --delete ID')
  const oidc = values.public || values['redirect-uri'] || values.grant
  if (!oidc) {
    const c = await createOAuthClient(values.name)
    // The secret is stored only as a hash: this is the one time it can be read.
    console.log(`client_id=${c.id}\nclient_secret=${c.secret}`)
    return
  }
  const settings = clientSettingsSchema.safeParse({
    name: values.name,
    public: values.public,
    redirectUris: values['redirect-uri'] ?? [],
    postLogoutRedirectUris: values['post-logout-uri'] ?? [],
    grantTypes: values.grant,
    backchannelLogoutUri: values['backchannel-logout-uri'],
    accessTokenTtlSeconds: values['access-ttl'],
    refreshTokenTtlSeconds: values['refresh-ttl'],
    idTokenTtlSeconds: values['id-token-ttl'],
    rotateRefreshTokens: !values['no-rotate'],
  })
  if (!settings.success) throw new Error(settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'))
  const c = await createOidcClient(settings.data)
  console.log(c.secret ? `client_id=${c.id}\nclient_secret=${c.secret}` : `client_id=${c.id}`)
}

main()
  .catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e instanceof Error ? e.message : e)
    process.exitCode = 1
  })
  .finally(() => db().$disconnect())
