// What the admin specs share: the first admin made by the documented command (scripts/create-admin.ts)
// against the server's database, and a signed-in admin page.
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { newName } from './support'

const ADMIN_PASSWORD = 'admin_pass_123'

/** `npm run admin:create -- --name … --password …` on the database the test server uses. */
function createAdmin(): { name: string; password: string } {
  const name = newName('admin')
  const databaseUrl = process.env.E2E_DATABASE_URL
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL (or DATABASE_URL) must name the server database')
  execFileSync('npx', ['tsx', 'scripts/create-admin.ts', '--name', name, '--password', ADMIN_PASSWORD], {
    cwd: path.join(__dirname, '..'),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'identity-admin-')),
      AUTH_SECRET: process.env.E2E_AUTH_SECRET ?? 'e2e-secret-0123456789-0123456789-0123456789',
      LOG_LEVEL: 'warn',
    },
    stdio: 'pipe',
  })
  return { name, password: ADMIN_PASSWORD }
}

/** A new browser context signed in as a fresh admin, on the dashboard's overview. */
export async function adminPage(browser: Browser): Promise<Page> {
  return (await signedInAdmin(browser)).page
}

/** adminPage, with the admin's name and password (for specs that age the admin's session). */
export async function signedInAdmin(browser: Browser): Promise<{ page: Page; name: string; password: string }> {
  const admin = createAdmin()
  // In English whatever the spec's locale: the sign-in steps below read the English page.
  const page = await (await browser.newContext({ locale: 'en-US' })).newPage()
  await page.goto('/admin')
  // Signed out: the dashboard sends us to sign in, and back to it afterwards.
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin$/)
  await page.getByLabel('Name, email or phone number').fill(admin.name)
  await page.getByRole('textbox', { name: 'Password' }).fill(admin.password)
  await page.getByRole('button', { name: 'Sign in' }).last().click()
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible()
  return { page, ...admin }
}

/**
 * A fresh admin's dashboard in a browser set to `locale` (#24): signed in through the English
 * sign-in page (the words the helper knows), then the same cookies in a context of that locale.
 */
export async function adminContextIn(browser: Browser, locale: string): Promise<{ context: BrowserContext; name: string }> {
  const { page, name } = await signedInAdmin(browser)
  const storageState = await page.context().storageState()
  await page.context().close()
  return { context: await browser.newContext({ locale, storageState }), name }
}

/** A destructive action: its confirm dialog names what will happen; confirming sends it. */
export async function confirmDialog(page: Page, text: string | RegExp, confirm: string): Promise<void> {
  const dialog = page.getByRole('dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText(text)
  await dialog.getByRole('button', { name: confirm }).click()
  await expect(dialog).toBeHidden()
}

/** The dashboard's one live region, where every action's result is announced (and focused). */
export const result = (page: Page) => page.getByTestId('admin-result')
/** That region saying a refusal (role=alert) or a success (role=status). */
export const refusal = (page: Page) => result(page).and(page.getByRole('alert'))
export const success = (page: Page) => result(page).and(page.getByRole('status'))
