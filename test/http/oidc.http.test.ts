// The OpenID Connect provider on server.ts (HTTP_FAST_URL), with openid-client (panva, a certified
// relying party) as the client: discovery, client credentials for a service, the token endpoint's
// client authentication, revocation and introspection, and PKCE required of a public client. The
// browser flow (sign-in page, id_token, userinfo, refresh, end-session) is e2e/oidc.spec.ts.
import { describe, expect, it } from 'vitest'
import * as oidc from 'openid-client'
import { oauthClient } from './oidc-client'

const FAST = process.env.HTTP_FAST_URL
const ISSUER = process.env.PUBLIC_URL

const insecure = { execute: [oidc.allowInsecureRequests] }

describe.skipIf(!FAST || !ISSUER)('OpenID Connect provider (server.ts)', () => {
  it('publishes a discovery document openid-client accepts, naming the one JWKS', async () => {
    const svc = oauthClient(['--name', 'oidc-http-svc', '--grant', 'client_credentials'])
    const config = await oidc.discovery(new URL(ISSUER!), svc.id, undefined, oidc.ClientSecretBasic(svc.secret!), insecure)
    const meta = config.serverMetadata()
    expect(meta.issuer).toBe(ISSUER)
    expect(meta.authorization_endpoint).toBe(`${ISSUER}/oidc/auth`)
    expect(meta.token_endpoint).toBe(`${ISSUER}/oidc/token`)
    expect(meta.userinfo_endpoint).toBe(`${ISSUER}/oidc/me`)
    expect(meta.end_session_endpoint).toBe(`${ISSUER}/oidc/session/end`)
    expect(meta.jwks_uri).toBe(`${ISSUER}/.well-known/jwks.json`)
    expect(meta.response_types_supported).toEqual(['code'])
    expect(meta.code_challenge_methods_supported).toEqual(['S256'])
    expect(meta.id_token_signing_alg_values_supported).toHaveLength(1)
    expect(meta.backchannel_logout_supported).toBe(true)
    // The provider's own copy under its prefix is the same document.
    const inner = await (await fetch(`${FAST}/oidc/.well-known/openid-configuration`)).json()
    expect(inner).toEqual(await (await fetch(`${FAST}/.well-known/openid-configuration`)).json())
    // Every key the provider signs with is in the one JWKS.
    const jwks = await (await fetch(`${FAST}/.well-known/jwks.json`)).json()
    expect(jwks.keys.some((k: { kid: string }) => k.kid.startsWith('oidc-'))).toBe(true)
  })

  it('gives a service an access token by client credentials; revoked, it is no longer active', async () => {
    const svc = oauthClient(['--name', 'oidc-http-cc', '--grant', 'client_credentials'])
    const config = await oidc.discovery(new URL(ISSUER!), svc.id, undefined, oidc.ClientSecretBasic(svc.secret!), insecure)
    const tokens = await oidc.clientCredentialsGrant(config)
    expect(tokens.token_type.toLowerCase()).toBe('bearer')
    expect(tokens.access_token.length).toBeGreaterThan(20)
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(true)
    await oidc.tokenRevocation(config, tokens.access_token)
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false)
  })

  it('an introspection client of before is a client of the same kind (client credentials); a wrong secret is refused', async () => {
    const old = oauthClient(['--name', 'oidc-http-old'])
    const config = await oidc.discovery(new URL(ISSUER!), old.id, undefined, oidc.ClientSecretBasic(old.secret!), insecure)
    expect((await oidc.clientCredentialsGrant(config)).access_token).toBeTruthy()
    const wrong = await oidc.discovery(new URL(ISSUER!), old.id, undefined, oidc.ClientSecretBasic(`${old.secret}x`), insecure)
    await expect(oidc.clientCredentialsGrant(wrong)).rejects.toMatchObject({ status: 401, cause: [{ parameters: { error: 'invalid_client' } }] })
  })

  it('refuses a public client an authorization request without PKCE, and starts the sign-in with it', async () => {
    const redirect = 'http://localhost:9/callback'
    const app = oauthClient(['--name', 'oidc-http-public', '--public', '--redirect-uri', redirect])
    expect(app.secret).toBeUndefined()
    const config = await oidc.discovery(new URL(ISSUER!), app.id, undefined, oidc.None(), insecure)
    const plain = oidc.buildAuthorizationUrl(config, { redirect_uri: redirect, scope: 'openid', response_type: 'code', state: 's1' })
    const refused = await fetch(plain, { redirect: 'manual' })
    expect(refused.status).toBe(303)
    const back = new URL(refused.headers.get('location')!)
    expect(`${back.origin}${back.pathname}`).toBe(redirect)
    expect(back.searchParams.get('error')).toBe('invalid_request')
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/)

    const verifier = oidc.randomPKCECodeVerifier()
    const withPkce = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirect,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    })
    const started = await fetch(withPkce, { redirect: 'manual' })
    expect(started.status).toBe(303)
    expect(started.headers.get('location')).toMatch(/^\/oidc\/interaction\/[\w-]+$/)
    // Not signed in: the interaction sends the browser to our sign-in page, and back afterwards.
    const cookies = started.headers.getSetCookie().map((c) => c.split(';')[0])
    const step = await fetch(`${FAST}${started.headers.get('location')}`, { redirect: 'manual', headers: { cookie: cookies.join('; ') } })
    expect(step.status).toBe(303)
    expect(step.headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(started.headers.get('location')!)}`)
  })
})
