import { test, expect, type APIRequestContext } from '@playwright/test'
import { signInWithPassword, signUpWithPhone } from './support'

// Hyperf dialect (seed 002): POST /login/jwt/get {account, pwd} -> data {jwt, refresh_jwt};
// POST /login/jwt/status {jwt} -> code 200 while live, 9908 once its session has ended.
async function hyperfLogin(request: APIRequestContext, account: string, pwd: string): Promise<string> {
  const res = await request.post('/login/jwt/get', { data: { account, pwd }, headers: { 'user-agent': 'okhttp/4.12.0' } })
  const body = await res.json()
  expect(body.code, JSON.stringify(body)).toBe(200)
  return body.data.jwt as string
}

async function hyperfStatus(request: APIRequestContext, jwt: string) {
  const res = await request.post('/login/jwt/status', { data: { jwt } })
  return { status: res.status(), body: await res.json() }
}

test('a session started through an API appears on the account page, and signing it out there ends the token', async ({ page, request }) => {
  const { name, password } = await signUpWithPhone(page)
  const jwt = await hyperfLogin(request, name, password)
  expect((await hyperfStatus(request, jwt)).body.code).toBe(200)

  await page.reload()
  // The app by its name (not the API's), its device, when it signed in and from where; this browser first.
  const sessions = page.getByTestId('session')
  await expect(sessions.first()).toContainText('This browser')
  const apiSession = sessions.filter({ hasText: 'Hyperf App' })
  await expect(apiSession).toHaveCount(1)
  await expect(apiSession).toContainText('okhttp (Android app)')
  await expect(apiSession).toContainText('Signed in')
  await expect(apiSession).toContainText('127.0.0.1')
  await apiSession.getByRole('button', { name: 'Sign out Hyperf App' }).click()
  // It asks first; cancelling leaves the session.
  await apiSession.getByRole('button', { name: 'Cancel' }).click()
  await expect(sessions.filter({ hasText: 'Hyperf App' })).toHaveCount(1)
  await apiSession.getByRole('button', { name: 'Sign out Hyperf App' }).click()
  await expect(apiSession.getByText('Sign out Hyperf App? It will have to sign in again.')).toBeVisible()
  await apiSession.getByRole('button', { name: 'Yes, sign out' }).click()
  await expect(page.getByRole('status')).toHaveText('Hyperf App is signed out.')
  await expect(sessions.filter({ hasText: 'Hyperf App' })).toHaveCount(0)
  // This browser is still signed in.
  await expect(sessions.filter({ hasText: 'this browser' })).toHaveCount(1)

  await expect
    .poll(async () => (await hyperfStatus(request, jwt)).body.code, { message: 'the Hyperf token is refused once its session is signed out' })
    .toBe(9908)
  expect((await hyperfStatus(request, jwt)).status).toBe(401)
})

test('"sign out everywhere" ends API tokens and every browser, which is signed out on its next request', async ({ page, browser, request }) => {
  const { name, password } = await signUpWithPhone(page)
  const jwt = await hyperfLogin(request, name, password)

  const other = await browser.newContext()
  const second = await other.newPage()
  await signInWithPassword(second, name, password)
  await expect(second).toHaveURL(/\/account$/)

  await page.reload()
  await expect(page.locator('[data-testid="session"][data-client="browser"]')).toHaveCount(2)
  await page.getByRole('button', { name: 'Sign out everywhere' }).click()
  await page.getByRole('group', { name: 'Sign out everywhere' }).getByRole('button', { name: 'Yes, sign out' }).click()
  await expect(page).toHaveURL(/\/sign-in/)

  await expect.poll(async () => (await hyperfStatus(request, jwt)).body.code).toBe(9908)
  await second.reload()
  await expect(second).toHaveURL(/\/sign-in/)
  await other.close()
})

test('a browser session signed out from another browser ends on its next request', async ({ page, browser }) => {
  const { name, password } = await signUpWithPhone(page)
  const other = await browser.newContext()
  const second = await other.newPage()
  await signInWithPassword(second, name, password)
  await expect(second).toHaveURL(/\/account$/)

  await page.reload()
  const otherRow = page.locator('[data-testid="session"][data-client="browser"]:not([data-current])')
  await otherRow.getByRole('button', { name: /^Sign out/ }).click()
  await otherRow.getByRole('button', { name: 'Yes, sign out' }).click()
  await expect(page.getByRole('status')).toContainText('is signed out.')
  await expect(page.getByTestId('session')).toHaveCount(1)

  await expect
    .poll(async () => {
      await second.goto('/account')
      return new URL(second.url()).pathname
    })
    .toBe('/sign-in')
  await other.close()
})
