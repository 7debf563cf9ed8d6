// Admin → Clients: an admin registers an OpenID Connect app in the dashboard, the provider serves it
// at once (openid-client starts a sign-in with it), the admin renames it, and deletes it: the
// provider then refuses it.
import { test, expect } from '@playwright/test'
import * as oidc from 'openid-client'
import { adminPage, confirmDialog, success } from './admin-support'

test('an admin registers, edits and deletes an OpenID Connect client', async ({ browser, baseURL }) => {
  const page = await adminPage(browser)
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Clients' }).click()
  const form = page.getByRole('form', { name: 'Register a client' })
  const name = `Dashboard App ${Date.now()}`
  const redirect = `${baseURL}/oidc-rp/callback`
  await form.getByLabel('Name', { exact: true }).fill(name)
  await form.getByLabel('Redirect URIs (one a line)', { exact: true }).fill(redirect)
  await form.getByLabel(/Public client/).check()
  await form.getByRole('button', { name: 'Register' }).click()
  // Every result is announced in the dashboard's one live region (#25).
  const status = success(page)
  await expect(status).toContainText('Public client app_')
  const clientId = /(app_\w+)/.exec((await status.textContent()) ?? '')![1]

  const config = await oidc.discovery(new URL(baseURL!), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] })
  const authorize = () =>
    fetch(
      oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirect,
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }),
      { redirect: 'manual' },
    )
  const started = await authorize()
  expect(started.status).toBe(303)
  expect(started.headers.get('location')).toMatch(/^\/oidc\/interaction\//)

  const panel = page.getByRole('form', { name: `Edit ${name}` })
  await panel.getByLabel('Name', { exact: true }).fill(`${name} renamed`)
  await panel.getByRole('button', { name: 'Save' }).click()
  await expect(success(page)).toHaveText('Client saved.')
  await page.reload()
  const del = page.getByRole('form', { name: `Delete ${name} renamed` })
  await del.getByRole('button', { name: `Delete ${name} renamed` }).click()
  await confirmDialog(page, `Delete ${name} renamed? Apps using ${clientId} can no longer sign anyone in`, 'Delete client')
  // The page is rendered again without it.
  await expect(page.getByRole('form', { name: `Edit ${name} renamed` })).toHaveCount(0)
  const refused = await authorize()
  expect(refused.status).toBe(400)
  expect(await refused.text()).toContain('invalid_client')
})
