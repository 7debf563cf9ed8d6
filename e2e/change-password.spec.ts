import { test, expect } from '@playwright/test'
import { screenshots, signInWithPassword, signOut, signUpWithPhone } from './support'

test('changes the password; the old one no longer signs in, the new one does', async ({ page }) => {
  const { name, password } = await signUpWithPhone(page)
  const next = 'new_pass_456'
  await page.getByLabel('Current password').fill('wrong_current')
  await page.getByLabel('New password', { exact: true }).fill(next)
  await page.getByLabel('New password again').fill(next)
  await page.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByText('That is not your current password.')).toBeVisible()
  await page.getByLabel('Current password').fill(password)
  await page.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByText('Password changed.', { exact: false })).toBeVisible()
  // This browser stays signed in.
  await page.reload()
  await expect(page.getByTestId('profile-name')).toHaveText(name)
  await screenshots(page, 'account-password-changed')

  await signOut(page)
  await signInWithPassword(page, name, password)
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Wrong login or password.')
  await signInWithPassword(page, name, next)
  await expect(page).toHaveURL(/\/account$/)
})
