// The account page as a person in mainland China or abroad uses it (#24), in a zh-CN and an en-US
// browser, on a phone (360 px) and a laptop (1280 px): the page speaks the browser's language with
// a matching `lang`, no message is missing, nothing errs in the console; then they change their
// name, add and remove an email, cannot remove their only way to sign in, sign another device out,
// and delete the account, which then signs in nowhere.
import { test, expect, type Page, type TestInfo } from '@playwright/test'
import zh from '../lib/i18n/messages/zh-CN/account.json'
import en from '../lib/i18n/messages/en/account.json'
import zhErrors from '../lib/i18n/messages/zh-CN/errors.json'
import enErrors from '../lib/i18n/messages/en/errors.json'
import { latestCode, newName, newPhone, screenshots, signInWithPassword, signUpWithPhone } from './support'

type Catalogue = typeof zh

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The English pages for the shared sign-up and sign-in helpers, which read English labels. */
async function inEnglish(page: Page) {
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: test.info().project.use.baseURL ?? 'http://localhost' }])
}

/** A catalogue message with its placeholders filled (the specs need only `{name}` ones). */
const fill = (message: string, values: Record<string, string | number> = {}) => message.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]))

const LANGUAGES = [
  { locale: 'zh-CN', lang: 'zh-CN', m: zh, errors: zhErrors, heading: '账号与安全' },
  { locale: 'en-US', lang: 'en', m: en as Catalogue, errors: enErrors as typeof zhErrors, heading: 'Your account' },
] as const

/** Console errors of the page, collected from the start. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  return errors
}

/** The page in the browser's language, with every message found. */
async function expectLanguage(page: Page, lang: string, heading: string) {
  await expect(page.locator('html')).toHaveAttribute('lang', lang)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading)
  expect(await page.locator('body').innerText()).not.toContain('⟦')
}

async function shot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true })
}

/**
 * Signs up through the pages in English (the shared helper reads English labels), then lets the
 * browser's own language choose again: the NEXT_LOCALE cookie the helper set is dropped.
 */
async function signUp(page: Page) {
  await inEnglish(page)
  const account = await signUpWithPhone(page)
  await page.context().clearCookies({ name: 'NEXT_LOCALE' })
  await page.goto('/account')
  return account
}

/** A code-only account (ThinkSNS+ registers without a password), signed in here with an SMS code. */
async function signUpWithoutPassword(page: Page) {
  const phone = newPhone()
  const name = newName('nopw')
  const request = page.context().request
  expect((await request.post('/api/v2/verifycodes/register', { data: { phone } })).status()).toBe(202)
  const registered = await request.post('/api/v2/users', {
    data: { phone, name, verifiable_type: 'sms', verifiable_code: await latestCode(phone, 'register') },
  })
  expect(registered.status(), await registered.text()).toBe(201)
  await inEnglish(page)
  await page.goto('/sign-in')
  await page.getByRole('tab', { name: 'SMS code' }).click()
  await page.getByLabel('Phone number').fill(phone)
  await page.getByRole('button', { name: 'Send code' }).click()
  await page.getByLabel('6-digit code').fill(await latestCode(phone, 'login'))
  await page.getByRole('button', { name: 'Sign in' }).last().click()
  await expect(page).toHaveURL(/\/account$/)
  await page.context().clearCookies({ name: 'NEXT_LOCALE' })
  await page.goto('/account')
  return { phone, name }
}

for (const { locale, lang, m, errors: errorTexts, heading } of LANGUAGES) {
  for (const width of [360, 1280]) {
    test.describe(`${locale} at ${width} px`, () => {
      test.use({ locale, viewport: { width, height: width === 360 ? 740 : 800 } })

      test('changes the name, adds and removes an email, signs another device out, and deletes the account', async ({ page, browser }, info) => {
        // A long walk (sign-up, four edits, a second browser, deletion): more than one step's time.
        test.setTimeout(180_000)
        const errors = consoleErrors(page)
        const { name, phone, password } = await signUp(page)
        await expectLanguage(page, lang, heading)
        await shot(page, info, `account-${locale}-${width}`)
        if (width === 1280) await screenshots(page, `account-${locale}`)

        // 2. The name: the core's rules, then saved.
        const profile = page.locator('section[aria-labelledby="profile-title"]')
        await profile.getByRole('button', { name: m.profile.editName }).click()
        await profile.getByLabel(m.profile.newName).fill('9starts_with_a_digit')
        await profile.getByRole('button', { name: m.profile.saveName }).click()
        await expect(profile.locator('#new-name')).toHaveAttribute('aria-invalid', 'true')
        const renamed = newName(locale === 'zh-CN' ? '新名' : 'renamed')
        await profile.getByLabel(m.profile.newName).fill(renamed)
        await profile.getByRole('button', { name: m.profile.saveName }).click()
        await expect(profile.getByRole('status')).toHaveText(m.profile.nameSaved)
        await expect(page.getByTestId('profile-name')).toHaveText(renamed)

        // 3. An email added with a code, then removed after a confirmation; the phone stays.
        const emailCard = page.locator('section[aria-labelledby="email-title"]')
        const email = `${renamed.replace(/[^\w]/g, '')}-${Date.now()}@example.com`.toLowerCase()
        await emailCard.getByLabel(m.contact.addEmail).fill(email)
        await emailCard.getByRole('button', { name: m.code.send }).click()
        await emailCard.getByLabel(fill(m.code.label, { codeLength: 6 })).fill(await latestCode(email, 'bind'))
        await emailCard.getByRole('button', { name: m.contact.saveEmail }).click()
        await expect(page.getByTestId('profile-email')).toHaveText(email)
        await emailCard.getByRole('button', { name: m.contact.removeEmail }).click()
        await expect(emailCard.getByText(fill(m.contact.removeEmailConfirm, { value: email }))).toBeVisible()
        await emailCard.getByRole('button', { name: m.contact.confirmRemove }).click()
        await expect(emailCard.getByRole('status').filter({ hasText: m.contact.removedEmail })).toBeVisible()
        await expect(page.getByTestId('profile-email')).toHaveText(m.profile.none)
        await expect(page.getByTestId('profile-phone')).toHaveText(phone)

        // 4. Another device: listed after this browser, ended after a confirmation, with a visible result.
        const other = await browser.newContext({ locale })
        const second = await other.newPage()
        await inEnglish(second)
        await signInWithPassword(second, renamed, password)
        await expect(second).toHaveURL(/\/account$/)
        await page.reload()
        const sessions = page.getByTestId('session')
        await expect(sessions).toHaveCount(2)
        await expect(sessions.first()).toContainText(m.sessions.current)
        await expect(sessions.first()).toHaveAttribute('data-current', 'true')
        const otherRow = sessions.nth(1)
        await expect(otherRow).toContainText(m.sessions.signedInAt)
        await expect(otherRow).toContainText('127.0.0.1')
        await otherRow.getByRole('button', { name: new RegExp(`^${escape(m.sessions.end)}`) }).click()
        await otherRow.getByRole('button', { name: m.sessions.confirm }).click()
        await expect(page.getByRole('status').filter({ hasText: fill(m.sessions.ended, { client: '' }).trim() })).toBeVisible()
        await expect(sessions).toHaveCount(1)
        await expect.poll(async () => (await second.goto('/account'), new URL(second.url()).pathname)).toBe('/sign-in')
        await other.close()
        await expectLanguage(page, lang, heading)
        await shot(page, info, `account-edited-${locale}-${width}`)

        // 5. 注销账号: the typed word, the password (asked whatever the sign-in's age), then signed out.
        const deletion = page.locator('section[aria-labelledby="delete-title"]')
        await deletion.getByRole('button', { name: m.delete.start }).click()
        const word = deletion.getByLabel(fill(m.delete.typeLabel, { word: m.delete.word }))
        await word.fill('no')
        await deletion.getByRole('button', { name: m.delete.confirm }).click()
        await expect(word).toHaveAttribute('aria-invalid', 'true')
        await word.fill(m.delete.word)
        await deletion.getByRole('button', { name: m.delete.confirm }).click()
        const proof = deletion.getByLabel(m.reauth.password)
        await expect(proof).toBeVisible()
        await proof.fill('not_the_password')
        await deletion.getByRole('button', { name: m.delete.confirm }).click()
        await expect(deletion.getByText(errorTexts.reauth_wrong_password)).toBeVisible()
        await proof.fill(password)
        await deletion.getByRole('button', { name: m.delete.confirm }).click()
        await expect(page).toHaveURL(/\/account\/deleted$/)
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.deleted.title)
        await expect(page.getByRole('status')).toHaveText(m.deleted.body)
        await expect(page.locator('html')).toHaveAttribute('lang', lang)
        expect(await page.locator('body').innerText()).not.toContain('⟦')
        await shot(page, info, `account-deleted-${locale}-${width}`)
        if (width === 1280) await screenshots(page, `account-deleted-${locale}`)

        // Signed out here, and the account signs in nowhere again: not by name, phone or new name.
        await page.goto('/account')
        await expect(page).toHaveURL(/\/sign-in/)
        for (const login of [name, renamed, phone]) {
          const res = await page.request.post('/api/v2/auth/login', { data: { login, password } })
          expect(res.status(), login).not.toBe(200)
        }
        expect(errors).toEqual([])
      })
    })
  }
}

for (const { locale, lang, m, heading } of LANGUAGES) {
  test.describe(`${locale}: the last way to sign in`, () => {
    test.use({ locale })

    test('a code-only account cannot remove its only phone, and is told what to do instead', async ({ page }) => {
      const errors = consoleErrors(page)
      const { phone } = await signUpWithoutPassword(page)
      await expectLanguage(page, lang, heading)
      const phoneCard = page.locator('section[aria-labelledby="phone-title"]')
      await phoneCard.getByRole('button', { name: m.contact.removePhone }).click()
      await phoneCard.getByRole('button', { name: m.contact.confirmRemove }).click()
      await expect(phoneCard.getByRole('alert')).toHaveText(m.contact.lastSignInMethod)
      await expect(page.getByTestId('profile-phone')).toHaveText(phone)
      expect(errors).toEqual([])
    })
  })
}
