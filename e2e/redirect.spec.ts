// Issue #21 item 2 in the browser: after sign-in, `next` only ever lands on a path of this origin,
// however the browser parses it (a tab in `/\t/evil.example` is stripped, leaving `//evil.example`).
import { test, expect } from '@playwright/test'
import { signOut, signUpWithPhone } from './support'

const ATTACKS = ['/%09/evil.example', '/%0a/evil.example', '/\\evil.example', '//evil%E3%80%82example', 'https://evil.example/', 'javascript:alert(1)']

test('sign-in with a hostile next stays on this origin, for every form of it', async ({ page, baseURL }) => {
  const { name, password } = await signUpWithPhone(page)
  const origin = new URL(baseURL!).origin
  // Any request leaving this origin would be the open redirect: record them.
  const away: string[] = []
  page.on('request', (r) => {
    if (new URL(r.url()).origin !== origin) away.push(r.url())
  })
  for (const next of ATTACKS) {
    await signOut(page)
    const answer = await page.goto(`/sign-in?next=${next}`)
    expect(answer?.status(), next).toBeLessThan(500)
    await page.getByLabel('Name, email or phone number').fill(name)
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByRole('button', { name: 'Sign in' }).last().click()
    await expect(page, next).toHaveURL(`${origin}/account`)
    await expect(page.getByTestId('profile-name')).toHaveText(name)
  }
  expect(away).toEqual([])
})

test('a same-origin next is kept', async ({ page, baseURL }) => {
  const { name, password } = await signUpWithPhone(page)
  await signOut(page)
  await page.goto('/sign-in?next=%2Faccount%3Ftab%3Dsecurity')
  await page.getByLabel('Name, email or phone number').fill(name)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).last().click()
  await expect(page).toHaveURL(`${new URL(baseURL!).origin}/account?tab=security`)
})

test('next-auth’s callbackUrl with odd values never answers 500 and never leaves', async ({ request }) => {
  for (const callbackUrl of ['/%09/evil.example', '%0a', '%E3%80%82', 'https://evil.example', '%', '\\\\evil.example']) {
    const r = await request.get(`/api/session/signin?callbackUrl=${callbackUrl}`, { maxRedirects: 0 })
    expect(r.status(), callbackUrl).toBeLessThan(500)
    const location = r.headers()['location']
    if (location) expect(new URL(location, 'http://x.invalid').host, `${callbackUrl} → ${location}`).not.toMatch(/evil/)
  }
})
