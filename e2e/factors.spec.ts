// #26: TOTP enrolment and sign-in (codes computed here from the secret the page shows), recovery
// codes used once, step-up before a password change on an old sign-in, passkeys through Chromium's
// virtual authenticator, and an admin required to use a second factor.
import { test, expect, type Page } from '@playwright/test'
import { Secret, TOTP } from 'otpauth'
import { ageBrowserSessions, execute, PASSWORD, screenshots, signInWithPassword, signOut, signUpWithPhone } from './support'
import { signedInAdmin } from './admin-support'

/** The code of the step `steps` from now (±1 is inside the server's skew; each step's code counts once). */
const totpCode = (secret: string, steps = 0) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 })

/** Enrols an authenticator app from /account; returns the secret shown and the recovery codes. */
async function enrolTotp(page: Page, opts: { shots?: boolean } = {}): Promise<{ secret: string; recovery: string[] }> {
  await page.goto('/account')
  const factors = page.locator('section[aria-labelledby="factors-title"]')
  await factors.getByRole('button', { name: 'Set up an authenticator app' }).click()
  await expect(factors.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible()
  const secret = (await factors.getByTestId('totp-secret').textContent())!.trim()
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  if (opts.shots) await screenshots(page, 'factors-enrol')
  await factors.getByLabel('6-digit code from the app').fill(totpCode(secret))
  await factors.getByRole('button', { name: 'Turn on' }).click()
  await expect(factors.getByText('Your authenticator app is set up')).toBeVisible()
  const recovery = (await factors.getByTestId('recovery-code').allTextContents()).map((c) => c.trim())
  expect(recovery).toHaveLength(10)
  await factors.getByRole('button', { name: 'I have saved them' }).click()
  await expect(factors.getByTestId('factor')).toHaveCount(1)
  await expect(factors.getByTestId('recovery-left')).toHaveText('10 recovery codes left.')
  return { secret, recovery }
}

test('TOTP: enrol, sign in with a code, use a recovery code once', async ({ page }) => {
  const { name } = await signUpWithPhone(page)
  const { secret, recovery } = await enrolTotp(page, { shots: true })
  await signOut(page)

  // The password alone does not sign in: the second step asks for the app's code.
  await signInWithPassword(page, name, PASSWORD)
  const step = page.locator('section[aria-labelledby="second-factor-title"]')
  await expect(step.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible()
  await screenshots(page, 'sign-in-second-factor')
  await page.goto('/account')
  await expect(page).toHaveURL(/\/sign-in/)

  await signInWithPassword(page, name, PASSWORD)
  await step.getByLabel('6-digit code from your authenticator app').fill('000000' === totpCode(secret, 1) ? '111111' : '000000')
  await step.getByRole('button', { name: 'Confirm' }).click()
  await expect(step.getByRole('alert')).toHaveText('Wrong or expired code.')
  // The enrolment spent this step's code: the next step's one (inside the skew) signs in.
  await step.getByLabel('6-digit code from your authenticator app').fill(totpCode(secret, 1))
  await step.getByRole('button', { name: 'Confirm' }).click()
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByTestId('profile-name')).toHaveText(name)
  await signOut(page)

  // A recovery code signs in once...
  await signInWithPassword(page, name, PASSWORD)
  await step.getByRole('button', { name: 'Use a recovery code' }).click()
  await step.getByLabel('Recovery code').fill(recovery[0])
  await step.getByRole('button', { name: 'Confirm' }).click()
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByTestId('recovery-left')).toHaveText('9 recovery codes left.')
  await signOut(page)

  // ...and not a second time.
  await signInWithPassword(page, name, PASSWORD)
  await step.getByRole('button', { name: 'Use a recovery code' }).click()
  await step.getByLabel('Recovery code').fill(recovery[0])
  await step.getByRole('button', { name: 'Confirm' }).click()
  await expect(step.getByRole('alert')).toHaveText('Wrong or expired code.')
  await page.goto('/account')
  await expect(page).toHaveURL(/\/sign-in/)
})

test('step-up: an old sign-in of an account with TOTP confirms with a fresh code before the password changes', async ({ page }) => {
  const { name } = await signUpWithPhone(page)
  const { secret } = await enrolTotp(page)
  await ageBrowserSessions(name, { authMinutesAgo: 60 })
  await page.reload()
  const pw = page.locator('section[aria-labelledby="password-title"]')
  await pw.getByLabel('Current password').fill(PASSWORD)
  await pw.getByLabel('New password', { exact: true }).fill('another_pass_456')
  await pw.getByLabel('New password again').fill('another_pass_456')
  await pw.getByRole('button', { name: 'Change password' }).click()
  await expect(pw.getByText('For your security, confirm it is you first.')).toBeVisible()
  const confirm = pw.getByLabel('Code from your authenticator app, to confirm it is you')
  await confirm.fill(totpCode(secret, 1))
  await pw.getByRole('button', { name: 'Change password' }).click()
  await expect(pw.getByText('Password changed. Your other sessions were signed out.')).toBeVisible()
  await signOut(page)
  await signInWithPassword(page, name, 'another_pass_456')
  await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible()
})

test('passkeys: register one on the account page, sign in with it alone, and use it as the second factor', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
  const { name } = await signUpWithPhone(page)
  const factors = page.locator('section[aria-labelledby="factors-title"]')
  await factors.getByLabel('Passkey name').fill('Laptop')
  await factors.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(factors.getByText('Passkey added.')).toBeVisible()
  await expect(factors.getByTestId('factor')).toHaveCount(1)
  await expect(factors.getByTestId('factor')).toContainText('Laptop (passkey)')
  await signOut(page)

  // Alone: nothing typed, the discoverable credential names the account.
  await page.getByRole('button', { name: 'Continue with a passkey' }).click()
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByTestId('profile-name')).toHaveText(name)
  await signOut(page)

  // As the second step after the password.
  await signInWithPassword(page, name, PASSWORD)
  const step = page.locator('section[aria-labelledby="second-factor-title"]')
  await step.getByRole('button', { name: 'Use a passkey' }).click()
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByTestId('profile-name')).toHaveText(name)
})

test('an admin required to use a second factor reaches no admin page without one', async ({ browser }) => {
  const { page } = await signedInAdmin(browser)
  try {
    await page.goto('/admin/security')
    await page.getByLabel('Admins must use one (no admin page without it)').check()
    await page.getByRole('button', { name: 'Save' }).click()
    await expect
      .poll(async () => {
        await page.goto('/admin/users')
        return new URL(page.url()).pathname
      })
      .toBe('/account')
    await expect(page.getByText('A second factor is required for your account.')).toBeVisible()
    await page.goto('/admin')
    await expect(page).toHaveURL(/\/account\?second-factor=required/)

    // With one, the dashboard opens again.
    await enrolTotp(page)
    await page.goto('/admin')
    await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible()
    await page.goto('/admin/security')
    await page.getByLabel('Nobody is required to use one').check()
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByRole('status')).toHaveText('No one is required to use a second factor.')
  } finally {
    // The policy is the whole server's: the other specs' admins have no second factor.
    await execute(`DELETE FROM "ServiceSetting" WHERE key = ?`, ['mfa_required'])
  }
})
