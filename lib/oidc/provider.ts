// The OpenID Connect provider: oidc-provider (panva, OpenID certified), configured over this
// service's core: storage in OidcModel (adapter.ts), clients from OAuthClient (clients.ts),
// accounts from the users (account.ts), signing keys from SigningKey (issuer.ts), sessions tied to
// the core's sessions. Mounted by server.ts under /oidc (mount.ts); docs/oidc.md lists the endpoints.
//
// The provider takes its signing keys at construction: it is rebuilt when the published keys change
// (a rotation, read every SIGNING_KEYS_REFRESH_SECONDS), so a rotated key signs on every instance
// as soon as the dialects' keys would.
import type Provider from 'oidc-provider'
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider'
import { config, deriveSecret } from '../config'
import { log } from '../log'
import { audit } from '../core/audit'
import { safeEqual, sha256 } from '../core/ids'
import { privateJwksOf } from '../core/signing-keys'
import { revokeSession } from '../core/sessions'
import { findAccount, SCOPE_CLAIMS } from './account'
import { PrismaAdapter } from './adapter'
import { OIDC_ISSUER, oidcAlg } from './issuer'

/** Where the provider is mounted (server.ts). */
export const OIDC_PREFIX = '/oidc'

function issuerUrl(): string {
  const c = config()
  return (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '')
}

type ClientLike = { metadata(): Record<string, unknown> }
const clientNumber = (client: ClientLike | undefined, key: string): number | undefined => {
  const v = client?.metadata()[key]
  return typeof v === 'number' ? v : undefined
}

function html(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body>${body}</body></html>`
}

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

function configuration(keys: Awaited<ReturnType<typeof privateJwksOf>>): Configuration {
  const c = config()
  const alg = oidcAlg()
  return {
    adapter: PrismaAdapter,
    // The library's outgoing requests (back-channel logout) carry a dispatcher refusing special-use
    // addresses; OIDC_BACKCHANNEL_PRIVATE_ADDRESSES lets them reach an internal network.
    ...(c.OIDC_BACKCHANNEL_PRIVATE_ADDRESSES
      ? { fetch: (url: string | URL | Request, options?: RequestInit) => fetch(url, { ...options, dispatcher: undefined } as RequestInit) }
      : {}),
    findAccount: findAccount as Configuration['findAccount'],
    jwks: { keys: keys as NonNullable<Configuration['jwks']>['keys'] },
    cookies: { keys: [deriveSecret(c.authSecret, 'oidc-cookies')] },
    claims: Object.fromEntries(Object.entries(SCOPE_CLAIMS).map(([k, v]) => [k, [...v]])),
    scopes: ['openid', 'offline_access', ...Object.keys(SCOPE_CLAIMS).filter((s) => s !== 'openid')],
    responseTypes: ['code'],
    // PKCE for every authorization-code client (OAuth 2.1); S256 only.
    pkce: { required: () => true },
    clientDefaults: {
      id_token_signed_response_alg: alg,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    extraClientMetadata: { properties: ['access_token_ttl', 'id_token_ttl', 'refresh_token_ttl', 'rotate_refresh_tokens'] },
    enabledJWA: { idTokenSigningAlgValues: [alg], userinfoSigningAlgValues: [alg] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      userinfo: { enabled: true },
      // A client revokes its own tokens only; any confidential client may introspect (as /oauth/introspect).
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      introspection: { enabled: true, allowedPolicy: async (_ctx, client) => client.clientAuthMethod !== 'none' },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = html(
            'Sign out · 退出登录',
            `${form}<h1>Sign out? · 退出登录？</h1><p>This ends your session on this service and in the apps you signed in to with it. · 这将结束您在本服务及用它登录的应用中的会话。</p>` +
              `<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out · 退出</button> <button type="submit" form="op.logoutForm">Stay signed in · 保持登录</button>`,
          )
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = html('Signed out · 已退出', '<h1>You are signed out. · 您已退出登录。</h1><p><a href="/sign-in">Sign in · 登录</a></p>')
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `${OIDC_PREFIX}/interaction/${interaction.uid}` },
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId)
      if (grantId) return ctx.oidc.provider.Grant.find(grantId)
      return undefined
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: (ctx) => ctx.oidc.client?.metadata().rotate_refresh_tokens !== false,
    ttl: {
      AccessToken: (_ctx, _token, client) => clientNumber(client, 'access_token_ttl') ?? c.OIDC_ACCESS_TOKEN_TTL_SECONDS,
      ClientCredentials: (_ctx, _token, client) => clientNumber(client, 'access_token_ttl') ?? c.OIDC_ACCESS_TOKEN_TTL_SECONDS,
      IdToken: (_ctx, _token, client) => clientNumber(client, 'id_token_ttl') ?? c.OIDC_ID_TOKEN_TTL_SECONDS,
      RefreshToken: (_ctx, _token, client) => clientNumber(client, 'refresh_token_ttl') ?? c.OIDC_REFRESH_TOKEN_TTL_SECONDS,
      Grant: c.BROWSER_SESSION_TTL_SECONDS,
      Session: c.BROWSER_SESSION_TTL_SECONDS,
      Interaction: 3600,
      AuthorizationCode: 60,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html'
      ctx.body = html(
        'Sign-in error · 登录出错',
        `<h1>Sign-in error · 登录出错</h1>${Object.entries(out)
          .map(([k, v]) => `<p><strong>${escape(k)}</strong>: ${escape(String(v))}</p>`)
          .join('')}`,
      )
    },
  }
}

/** Fills the discovery document with this service's own endpoints (one JWKS, RFC 7662/7009 at /oauth). */
function patchDiscovery(ctx: KoaContextWithOIDC) {
  const base = issuerUrl()
  const body = ctx.body as Record<string, unknown>
  ctx.body = {
    ...body,
    jwks_uri: `${base}/.well-known/jwks.json`,
    id_token_signing_alg_values_supported: [oidcAlg()],
  }
}

function build(Ctor: typeof Provider, keys: Awaited<ReturnType<typeof privateJwksOf>>): Provider {
  const provider = new Ctor(issuerUrl(), configuration(keys))
  provider.proxy = config().TRUST_PROXY.kind !== 'none'
  // Only a hash of each secret is stored (clients.ts): compare hashes, in constant time.
  provider.Client.prototype.compareClientSecret = function (this: { clientSecret?: string }, actual: string) {
    return typeof this.clientSecret === 'string' && this.clientSecret !== '' && safeEqual(this.clientSecret, sha256(actual))
  }
  provider.use(async (ctx, next) => {
    // RP-initiated logout ends the core session too (the OIDC session is one of them).
    const confirmingLogout = ctx.method === 'POST' && ctx.path === '/session/end/confirm'
    const coreSession = confirmingLogout ? await coreSessionOfCookie(ctx) : null
    await next()
    if (ctx.path === '/.well-known/openid-configuration' && ctx.status === 200) patchDiscovery(ctx as KoaContextWithOIDC)
    if (confirmingLogout && coreSession && ctx.status === 303 && (ctx as KoaContextWithOIDC).oidc?.params?.logout) {
      await revokeSession(coreSession, 'logout')
    }
  })
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const grantType = String(ctx.oidc.params?.grant_type ?? '')
    void audit({ kind: 'oidc.token', client: 'oidc', detail: { clientId: ctx.oidc.client?.clientId, grantType } }).catch(() => {})
  })
  provider.on('grant.revoked', (_ctx: KoaContextWithOIDC, grantId: string) => {
    void audit({ kind: 'oidc.grant_revoked', client: 'oidc', detail: { grantId } }).catch(() => {})
  })
  provider.on('backchannel.error', (_ctx: unknown, err: Error, client: { clientId: string }) =>
    log.warn('oidc back-channel logout failed', { clientId: client?.clientId, error: err.message }),
  )
  provider.on('server_error', (_ctx: unknown, err: Error) => log.error('oidc server error', { error: err.message }))
  return provider
}

async function coreSessionOfCookie(ctx: { cookies: { get(name: string, opts: { signed: boolean }): string | undefined } }): Promise<string | null> {
  const id = ctx.cookies.get('_session', { signed: true })
  if (!id) return null
  const { db } = await import('../db')
  const row = await db().oidcModel.findUnique({ where: { kind_id: { kind: 'Session', id } }, select: { sessionId: true } })
  return row?.sessionId ?? null
}

let current: { provider: Provider; stamp: string } | undefined
let building: Promise<Provider> | undefined

/** The provider, rebuilt when the signing keys changed. */
export async function oidcProvider(): Promise<Provider> {
  const keys = await privateJwksOf(OIDC_ISSUER, oidcAlg())
  const stamp = keys.map((k) => k.kid).join(',')
  if (current && current.stamp === stamp) return current.provider
  if (!building) {
    building = (async () => {
      const { default: Ctor } = await import('oidc-provider')
      const provider = build(Ctor, keys)
      current = { provider, stamp }
      return provider
    })().finally(() => {
      building = undefined
    })
  }
  return building
}
