import { test, expect } from '@playwright/test'
import { latestCode, newName, newPhone, PASSWORD, screenshots, signUpWithPhone } from './support'

test('the home page says what the service is and leads to sign-in, sign-up and the API docs', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Identity Service')
  await expect(page.getByRole('main').getByRole('link', { name: 'Create an account' })).toHaveAttribute('href', '/sign-up')
  await expect(page.getByRole('main').getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in')
  await expect(page.getByRole('main').getByRole('link', { name: 'API documentation' })).toHaveAttribute('href', '/docs')
  await screenshots(page, 'home')
})

test('an unknown address shows a clear 404 page', async ({ page }) => {
  const res = await page.goto('/no-such-page')
  expect(res?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
  await screenshots(page, 'not-found')
})

test('signs up with a phone number and lands on the account page', async ({ page }) => {
  const { phone } = await signUpWithPhone(page, { shots: true })
  await expect(page.getByTestId('profile-phone')).toHaveText(phone)
  await expect(page.getByTestId('session').filter({ hasText: 'this browser' })).toHaveCount(1)
  await screenshots(page, 'account')
})

test('a wrong code on the verify step says so, on the code field', async ({ page }) => {
  const phone = newPhone()
  await page.goto('/sign-up')
  await page.getByLabel('Phone number').fill(phone)
  await page.getByRole('button', { name: 'Send code' }).click()
  await expect(page).toHaveURL(/\/verify\?/)
  const code = await latestCode(phone, 'register')
  const wrong = code === '000000' ? '111111' : '000000'
  const field = page.getByLabel('6-digit code')
  await field.fill(wrong)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByText('That code is wrong. Check it and try again.')).toBeVisible()
  await expect(field).toHaveAttribute('aria-invalid', 'true')
  await expect(field).toHaveAttribute('aria-describedby', 'code-error')
  await screenshots(page, 'verify-wrong-code')
  // The right code still works after one wrong try.
  await field.fill(code)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByLabel('Name')).toBeVisible()
})

test('asking for a second code at once is refused by the server, with the countdown', async ({ page }) => {
  const phone = newPhone()
  await page.goto('/sign-up')
  await page.getByLabel('Phone number').fill(phone)
  await page.getByRole('button', { name: 'Send code' }).click()
  await expect(page).toHaveURL(/\/verify\?/)
  // Back on the first step, the same number again: the core's code is still live.
  await page.goto('/sign-up')
  await page.getByLabel('Phone number').fill(phone)
  await page.getByRole('button', { name: 'Send code' }).click()
  await expect(page.getByText(/You can ask for another in \d+ s/)).toBeVisible()
})

test('signs up with an email address and a mail code', async ({ page }) => {
  const email = `${newName('mail')}@example.com`
  const name = newName()
  await page.goto('/sign-up')
  await page.getByLabel('Email', { exact: true }).check()
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Send code' }).click()
  await expect(page).toHaveURL(/\/verify\?/)
  await page.getByLabel('6-digit code').fill(await latestCode(email, 'register'))
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByLabel('Password again').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByTestId('profile-email')).toHaveText(email)
})
