// The OpenID Connect provider with a real relying party: openid-client (panva, certified RP) in the
// test process, Chromium for the person. The authorization-code flow with PKCE goes through our
// sign-in and consent pages; the RP verifies the id_token against our JWKS, reads userinfo,
// refreshes; consent is remembered; signing the browser session out on the account page (from
// another browser) makes the refresh fail; RP-initiated logout ends the core session.
import { test, expect, type Page } from '@playwright/test'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as oidc from 'openid-client'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { oauthClient } from '../test/http/oidc-client'
import { signInWithPassword, signOut, signUpWithPhone } from './support'

// The relying party's pages: on our own origin (where they are a 404 page), so the browser lands
// there without leaving the test server; the test reads the URL as the app would.
let CALLBACK = ''
let LOGGED_OUT = ''

async function relyingParty(baseURL: string, extra: string[] = []) {
  CALLBACK = `${baseURL}/oidc-rp/callback`
  LOGGED_OUT = `${baseURL}/oidc-rp/logged-out`
  const app = oauthClient(['--name', 'E2E Web App', '--public', '--redirect-uri', CALLBACK, '--post-logout-uri', LOGGED_OUT, ...extra], {
    DATABASE_URL: process.env.E2E_DATABASE_URL,
  })
  const config = await oidc.discovery(new URL(baseURL), app.id, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] })
  return { config, clientId: app.id }
}

/** Starts an authorization in the browser; resolves with the URL our server redirected back to. */
async function authorize(page: Page, config: oidc.Configuration, during: (page: Page) => Promise<void>) {
  const verifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: 'openid profile phone roles',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  })
  await page.goto(url.href)
  await during(page)
  await page.waitForURL((u) => u.pathname === '/oidc-rp/callback')
  const returned = page.url()
  return { callback: new URL(returned), verifier, state, nonce }
}

test('sign in with this service: code + PKCE through our pages, id_token, userinfo, refresh, remembered consent', async ({ page, baseURL, browser }) => {
  const { config, clientId } = await relyingParty(baseURL!)
  const { name, phone, password } = await signUpWithPhone(page)
  await signOut(page)

  const first = await authorize(page, config, async (p) => {
    // Not signed in: our sign-in page, then back to the consent page.
    await expect(p).toHaveURL(/\/sign-in\?next=%2Foidc%2Finteraction%2F/)
    await p.getByLabel('Name, email or phone number').fill(name)
    await p.getByLabel('Password', { exact: true }).fill(password)
    await p.getByRole('button', { name: 'Sign in' }).last().click()
    await expect(p.getByTestId('consent-title')).toContainText('E2E Web App')
    await p.getByRole('button', { name: /Allow/ }).click()
  })
  expect(first.callback.searchParams.get('code')).toBeTruthy()
  const tokens = await oidc.authorizationCodeGrant(config, first.callback, {
    pkceCodeVerifier: first.verifier,
    expectedState: first.state,
    expectedNonce: first.nonce,
  })
  // The id_token verifies against the one JWKS of this service.
  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!))
  const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, jwks, { issuer: config.serverMetadata().issuer, audience: clientId })
  expect(protectedHeader.kid).toMatch(/^oidc-/)
  expect(payload.nonce).toBe(first.nonce)
  const sub = tokens.claims()!.sub
  expect(sub).toMatch(/^[0-9a-f-]{36}$/)

  const info = await oidc.fetchUserInfo(config, tokens.access_token, sub)
  expect(info).toMatchObject({ sub, name, phone_number_verified: true, roles: ['USER'] })
  expect(String(info.phone_number)).toContain(phone.slice(-8))

  // Refresh: a new pair, rotated.
  expect(tokens.refresh_token).toBeTruthy()
  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!)
  expect(refreshed.access_token).not.toBe(tokens.access_token)
  expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)
  // A parallel retry with the just-spent refresh token, inside REFRESH_GRACE_SECONDS: answered, and
  // the grant lives on (the newer refresh token still works afterwards).
  const retried = await oidc.refreshTokenGrant(config, tokens.refresh_token!)
  expect(retried.access_token).toBeTruthy()

  // The second time, consent is remembered and the browser is still signed in: straight back.
  const second = await authorize(page, config, async () => {})
  const again = await oidc.authorizationCodeGrant(config, second.callback, {
    pkceCodeVerifier: second.verifier,
    expectedState: second.state,
    expectedNonce: second.nonce,
  })
  expect(again.claims()!.sub).toBe(sub)

  // The app is listed on the account page.
  await page.goto('/account')
  await expect(page.getByTestId('connected-app')).toContainText('E2E Web App')

  // From another browser, sign the first browser's session out on the account page: the OIDC
  // session was that core session, so the app's refresh fails.
  const other = await browser.newContext()
  const otherPage = await other.newPage()
  await signInWithPassword(otherPage, name, password)
  await expect(otherPage).toHaveURL(/\/account$/)
  const firstBrowser = otherPage.getByTestId('session').filter({ hasNotText: 'this browser' }).first()
  await firstBrowser.getByRole('button', { name: /^Sign out/ }).click()
  await firstBrowser.getByRole('button', { name: 'Yes, sign out' }).click()
  await expect(otherPage.getByTestId('session')).toHaveCount(1)
  await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
  await expect(oidc.fetchUserInfo(config, again.access_token, sub)).rejects.toBeTruthy()
  await other.close()
})

test('RP-initiated logout ends the core session and tells the app by back-channel; revoking the app on the account page ends its tokens', async ({
  page,
  baseURL,
}) => {
  // The app's back-channel logout endpoint: a server of this test process.
  const logoutTokens: string[] = []
  const receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const token = new URLSearchParams(body).get('logout_token')
      if (token) logoutTokens.push(token)
      res.statusCode = 200
      res.end()
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()))
  const port = (receiver.address() as AddressInfo).port
  const { config, clientId } = await relyingParty(baseURL!, ['--backchannel-logout-uri', `http://127.0.0.1:${port}/backchannel`])
  await signUpWithPhone(page)
  const run = await authorize(page, config, async (p) => {
    await p.getByRole('button', { name: /Allow/ }).click()
  })
  const tokens = await oidc.authorizationCodeGrant(config, run.callback, { pkceCodeVerifier: run.verifier, expectedState: run.state, expectedNonce: run.nonce })

  // Revoke on the account page: the app's refresh token is dead.
  await page.goto('/account')
  await page
    .getByTestId('connected-app')
    .getByRole('button', { name: /Revoke/ })
    .click()
  await expect(page.getByTestId('connected-app')).toHaveCount(0)
  await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })

  // Sign in to the app again (consent asked again), then sign out from the app.
  const run2 = await authorize(page, config, async (p) => {
    await p.getByRole('button', { name: /Allow/ }).click()
  })
  const tokens2 = await oidc.authorizationCodeGrant(config, run2.callback, {
    pkceCodeVerifier: run2.verifier,
    expectedState: run2.state,
    expectedNonce: run2.nonce,
  })
  await page.goto(oidc.buildEndSessionUrl(config, { id_token_hint: tokens2.id_token!, post_logout_redirect_uri: LOGGED_OUT, state: 'bye' }).href)
  await page.getByRole('button', { name: /^Sign out/ }).click()
  await page.waitForURL((u) => u.pathname === '/oidc-rp/logged-out')
  expect(new URL(page.url()).searchParams.get('state')).toBe('bye')
  // The browser's core session ended with it.
  await page.goto('/account')
  await expect(page).toHaveURL(/\/sign-in/)
  await expect(oidc.refreshTokenGrant(config, tokens2.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
  // The app got a logout token for that user, signed with a key of our JWKS.
  await expect.poll(() => logoutTokens.length).toBe(1)
  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!))
  const { payload } = await jwtVerify(logoutTokens[0], jwks, { issuer: config.serverMetadata().issuer, audience: clientId })
  expect(payload.sub).toBe(tokens2.claims()!.sub)
  expect(payload.events).toHaveProperty(['http://schemas.openid.net/event/backchannel-logout'])
  receiver.close()
})
