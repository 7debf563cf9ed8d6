import { test, expect } from '@playwright/test'
import { latestCode, newPhone, screenshots, signInWithPassword, signOut, signUpWithPhone } from './support'

test('signs out, then signs in again with the password', async ({ page }) => {
  const { name, password } = await signUpWithPhone(page)
  await signOut(page)
  await screenshots(page, 'sign-in')
  // Signed out: the account page sends us to sign in.
  await page.goto('/account')
  await expect(page).toHaveURL(/\/sign-in/)
  await signInWithPassword(page, name, password)
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByTestId('profile-name')).toHaveText(name)
})

test('signs in with the phone number and an SMS code', async ({ page }) => {
  const { phone, name } = await signUpWithPhone(page)
  await signOut(page)
  await page.getByRole('tab', { name: 'SMS code' }).click()
  await page.getByLabel('Phone number').fill(phone)
  await page.getByRole('button', { name: 'Send code' }).click()
  await expect(page.getByRole('button', { name: /Send again in \d+ s/ })).toBeDisabled()
  await screenshots(page, 'sign-in-sms')
  await page.getByLabel('6-digit code').fill(await latestCode(phone, 'login'))
  await page.getByRole('button', { name: 'Sign in' }).last().click()
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByTestId('profile-name')).toHaveText(name)
})

test('a wrong password and an unknown login show the same message', async ({ page }) => {
  const { name } = await signUpWithPhone(page)
  await signOut(page)
  await signInWithPassword(page, name, 'not_the_password')
  const alert = page.getByRole('main').getByRole('alert')
  await expect(alert).toHaveText('Wrong login or password.')
  await screenshots(page, 'sign-in-wrong-password')
  await signInWithPassword(page, `${name}_nobody`, 'not_the_password')
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Wrong login or password.')
  await expect(page).toHaveURL(/\/sign-in/)
})

test('a wrong SMS code shows its message on the code field', async ({ page }) => {
  const { phone } = await signUpWithPhone(page)
  await signOut(page)
  await page.getByRole('tab', { name: 'SMS code' }).click()
  await page.getByLabel('Phone number').fill(phone)
  await page.getByRole('button', { name: 'Send code' }).click()
  const code = await latestCode(phone, 'login')
  await page.getByLabel('6-digit code').fill(code === '000000' ? '111111' : '000000')
  await page.getByRole('button', { name: 'Sign in' }).last().click()
  await expect(page.getByText('That code is wrong. Check it and try again.')).toBeVisible()
  await expect(page.getByLabel('6-digit code')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('6-digit code')).toBeFocused()
  // The message offers a new code, held back while the resend interval runs.
  await expect(page.getByRole('button', { name: /New code in \d+ s/ })).toBeDisabled()
  await expect(page).toHaveURL(/\/sign-in/)
})

test('a phone number without an account cannot sign in by code, and is told nothing more', async ({ page }) => {
  const phone = newPhone()
  await page.goto('/sign-in')
  await page.getByRole('tab', { name: 'SMS code' }).click()
  await page.getByLabel('Phone number').fill(phone)
  await page.getByRole('button', { name: 'Send code' }).click()
  await page.getByLabel('6-digit code').fill(await latestCode(phone, 'login'))
  await page.getByRole('button', { name: 'Sign in' }).last().click()
  await expect(page.getByText('Wrong or expired code.')).toBeVisible()
})

test('form errors are tied to their fields before anything is sent', async ({ page }) => {
  await page.goto('/sign-in')
  await page.getByRole('button', { name: 'Sign in' }).last().click()
  const login = page.getByLabel('Name, email or phone number')
  await expect(login).toHaveAttribute('aria-invalid', 'true')
  await expect(page.locator('#login-error')).toHaveText('Enter your name, email or phone number.')
})
