import { test, expect } from '@playwright/test'
import { latestCode, newPhone, outbox, screenshots, signInWithPassword, signUpWithPhone } from './support'

test('忘记密码: a code to the proved phone, a new password; every session ends, the user is told, the new password signs in', async ({ page, browser }) => {
  const { phone, name, password } = await signUpWithPhone(page)

  const other = await browser.newContext()
  const p = await other.newPage()
  await p.goto('/sign-in')
  await p.getByRole('link', { name: 'Forgot your password?' }).click()
  await expect(p).toHaveURL(/\/forgot-password$/)
  await screenshots(p, 'forgot-password')
  await p.getByLabel('Phone number').fill(phone)
  await p.getByRole('button', { name: 'Send code' }).click()
  await expect(p.getByText(`If ${phone} belongs to an account, we sent it a 6-digit code.`, { exact: false })).toBeVisible()
  await expect(p.getByRole('button', { name: /Send again in \d+ s/ })).toBeDisabled()
  const code = await latestCode(phone, 'reset')

  // A wrong code, then a common password: each said on its field, nothing changed yet.
  await p.getByLabel('6-digit code').fill(code === '000000' ? '000001' : '000000')
  await p.getByLabel('New password', { exact: true }).fill('Plum_Rain_2047')
  await p.getByLabel('New password again').fill('Plum_Rain_2047')
  await p.getByRole('button', { name: 'Set the new password' }).click()
  await expect(p.locator('#code-error')).toBeVisible()
  await p.getByLabel('6-digit code').fill(code)
  await p.getByLabel('New password', { exact: true }).fill('password123')
  await p.getByLabel('New password again').fill('password123')
  await p.getByRole('button', { name: 'Set the new password' }).click()
  await expect(p.locator('#password-error')).toContainText('too common')
  await expect(p.getByLabel('New password', { exact: true })).toBeFocused()

  await p.getByLabel('New password', { exact: true }).fill('Plum_Rain_2047')
  await p.getByLabel('New password again').fill('Plum_Rain_2047')
  await p.getByRole('button', { name: 'Set the new password' }).click()
  await expect(p.getByText('Your password is changed.', { exact: false })).toBeVisible()
  await screenshots(p, 'forgot-password-done')

  // The first browser's session has ended; the user was told by SMS.
  await page.goto('/account')
  await expect(page).toHaveURL(/\/sign-in/)
  expect((await outbox(phone, 'notice')).some((m) => m.body.includes('密码'))).toBe(true)

  await signInWithPassword(p, name, password)
  await expect(p.getByRole('main').getByRole('alert')).toHaveText('Wrong login or password.')
  await signInWithPassword(p, name, 'Plum_Rain_2047')
  await expect(p).toHaveURL(/\/account$/)
  await other.close()
})

test('忘记密码 for a number with no account: the same answer, and no SMS is sent', async ({ page }) => {
  const phone = newPhone()
  await page.goto('/forgot-password')
  await page.getByLabel('Phone number').fill(phone)
  await page.getByRole('button', { name: 'Send code' }).click()
  await expect(page.getByText(`If ${phone} belongs to an account, we sent it a 6-digit code.`, { exact: false })).toBeVisible()
  expect(await outbox(phone, 'reset')).toEqual([])
  // Going back to change the number works.
  await page.getByRole('button', { name: 'Use another phone or email' }).click()
  await expect(page.getByLabel('Phone number')).toBeVisible()
})
