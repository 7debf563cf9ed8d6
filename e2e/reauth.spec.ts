// #21 item 10: an old sign-in asks for the password before a contact changes, the old contact is
// told, idle sessions end, and an admin's old sign-in confirms before a destructive action.
import { test, expect } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { ageBrowserSessions, browserSessionEndReason, latestCode, outbox, PASSWORD, screenshots, signUpWithPhone } from './support'
import { confirmDialog, signedInAdmin } from './admin-support'

const newEmail = (what: string) => `${what}-${randomBytes(4).toString('hex')}@example.com`

test('changing the email after an old sign-in asks for the password first; the old address is told', async ({ page }) => {
  const { name } = await signUpWithPhone(page)
  const email = page.locator('section[aria-labelledby="email-title"]')

  // Just signed up: adding a first email asks nothing more.
  const first = newEmail('first')
  await email.getByLabel('Add an email address').fill(first)
  await email.getByRole('button', { name: 'Send code' }).click()
  await email.getByLabel('6-digit code').fill(await latestCode(first, 'bind'))
  await email.getByRole('button', { name: 'Save email address' }).click()
  await expect(email.getByText('Your email address is saved.')).toBeVisible()
  await expect(page.getByTestId('profile-email')).toHaveText(first)

  // An hour later (past REAUTH_MAX_AGE_MINUTES), changing it needs the password.
  await ageBrowserSessions(name, { authMinutesAgo: 60 })
  await page.reload()
  const second = newEmail('second')
  await email.getByLabel('New email address').fill(second)
  await email.getByRole('button', { name: 'Send code' }).click()
  await email.getByLabel('6-digit code').fill(await latestCode(second, 'bind'))
  await email.getByRole('button', { name: 'Save email address' }).click()
  await expect(email.getByText('For your security, confirm it is you first.')).toBeVisible()
  const confirm = email.getByLabel('Your password, to confirm it is you')
  await expect(confirm).toBeVisible()
  await screenshots(page, 'account-reauth')
  await expect(page.getByTestId('profile-email')).toHaveText(first)

  await confirm.fill('not_my_password')
  await email.getByRole('button', { name: 'Save email address' }).click()
  await expect(email.getByText('That is not your password.')).toBeVisible()
  await expect(page.getByTestId('profile-email')).toHaveText(first)

  await confirm.fill(PASSWORD)
  await email.getByRole('button', { name: 'Save email address' }).click()
  await expect(email.getByText('Your email address is saved.')).toBeVisible()
  await expect(page.getByTestId('profile-email')).toHaveText(second)

  // The old address heard of it; the notice names the new one only masked, and carries no code.
  const notices = await outbox(first, 'notice')
  expect(notices).toHaveLength(1)
  expect(notices[0].body).toContain('s***@example.com')
  expect(notices[0].body).not.toContain(second)
  expect(notices[0].body).not.toMatch(/\d{6}/)
})

test('a browser session unused past SESSION_IDLE_MINUTES is signed out', async ({ page }) => {
  const { name } = await signUpWithPhone(page)
  // Default limit 7 days: eight days without use.
  await ageBrowserSessions(name, { usedMinutesAgo: 8 * 24 * 60 })
  // The live answer may be cached for SESSION_CACHE_MS; the next reads see the aged row.
  await expect
    .poll(async () => {
      await page.goto('/account')
      return new URL(page.url()).pathname
    })
    .toBe('/sign-in')
  expect(await browserSessionEndReason(name)).toBe('idle')
})

test('an admin idle past ADMIN_SESSION_IDLE_MINUTES signs in again; an old sign-in confirms a destructive action', async ({ browser }) => {
  const userPage = await (await browser.newContext()).newPage()
  const { phone } = await signUpWithPhone(userPage)

  const idle = await signedInAdmin(browser)
  await ageBrowserSessions(idle.name, { usedMinutesAgo: 31 })
  await expect
    .poll(async () => {
      await idle.page.goto('/admin/users')
      return new URL(idle.page.url()).pathname
    })
    .toBe('/sign-in')
  await expect(idle.page).toHaveURL(/next=%2Fadmin%2Fusers/)
  expect(await browserSessionEndReason(idle.name)).toBe('idle')

  const { page, name, password } = await signedInAdmin(browser)
  await ageBrowserSessions(name, { authMinutesAgo: 60 })
  await page.goto('/admin/users')
  await page.getByLabel('Search').fill(phone)
  await page.getByRole('button', { name: 'Search' }).click()
  await page.getByTestId('user-row').getByRole('link').first().click()
  await page.getByRole('button', { name: 'Disable user' }).click()
  await confirmDialog(page, 'Disable', 'Disable user')
  await expect(page.locator('#status-form').getByTestId('action-result')).toHaveText('Your sign-in is not recent. Confirm with your password to go on.')
  await expect(page.getByRole('button', { name: 'Disable user' })).toBeVisible()
  await page.getByLabel('Your password, to confirm').fill(password)
  await page.getByRole('button', { name: 'Disable user' }).click()
  await confirmDialog(page, 'Disable', 'Disable user')
  await expect(page.getByRole('status')).toHaveText('User disabled. All their sessions have ended.')
})
