// The dashboard in both languages (#24): every admin page in a zh-CN and an en-US browser, at 1280
// and 360 px: <html lang> is the page's language, no catalogue key is missing (no ⟦…⟧), nothing is
// logged as an error, the headings are in the language asked for, and screenshots of each page land
// in e2e/artifacts/. An action's answer is worded in the page's language too.
import { test, expect, type Page } from '@playwright/test'
import { dbDateAgo, execute, screenshots, signUpWithPhone } from './support'
import { adminContextIn } from './admin-support'

const HAN = /[\u4e00-\u9fff]/

const LANGUAGES = [
  { locale: 'zh-CN', lang: 'zh-CN', chinese: true, refusal: '角色名以字母开头' },
  { locale: 'en-US', lang: 'en', chinese: false, refusal: 'A role name starts with a letter' },
] as const

/**
 * Console errors and uncaught exceptions of the page, from now on, each with the address it came
 * from. Chromium's own probe for /favicon.ico (the pages name app/icon.svg) is not the page's.
 */
function errorsOf(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (m) => {
    const url = m.location().url
    if (m.type() === 'error' && !url.endsWith('/favicon.ico')) errors.push(`${m.text()} (${url})`)
  })
  page.on('pageerror', (e) => errors.push(e.message))
  return errors
}

async function checkPage(page: Page, want: (typeof LANGUAGES)[number], shot: string) {
  await expect(page.locator('html')).toHaveAttribute('lang', want.lang)
  const text = await page.locator('body').innerText()
  expect(text, `${shot}: a catalogue key is missing`).not.toContain('⟦')
  const heading = await page.getByRole('heading', { level: 1 }).first().innerText()
  if (want.chinese) expect(heading, shot).toMatch(HAN)
  else expect(heading, shot).not.toMatch(HAN)
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 })
    expect(await page.locator('body').innerText(), `${shot} at ${width} px`).not.toContain('⟦')
  }
  await screenshots(page, shot)
}

for (const want of LANGUAGES) {
  test.describe(`admin pages in ${want.locale}`, () => {
    test.use({ locale: want.locale })

    test('every page speaks the language, at 1280 and 360 px', async ({ browser }) => {
      // A client whose id is all wide letters (ids are random: one like it widened the phone page once).
      const wide = `svc_${'WM'.repeat(10)}${want.locale === 'en-US' ? 'e' : 'z'}`
      await execute('INSERT INTO "OAuthClient" ("id", "name", "secretHash", "createdAt") VALUES (?, ?, ?, ?)', [wide, 'wide-id-client', 'unused', dbDateAgo(0)])
      const { context, name } = await adminContextIn(browser, want.locale)
      const page = await context.newPage()
      const errors = errorsOf(page)
      await page.goto(`/admin/users?q=${name}`)
      const href = await page.getByTestId('user-row').getByRole('link', { name }).getAttribute('href')
      expect(href).toMatch(/^\/admin\/users\/\d+$/)
      const pages = [
        ['/admin', 'overview'],
        ['/admin/users', 'users'],
        ['/admin/users/new', 'user-new'],
        [href!, 'user-detail'],
        ['/admin/roles', 'roles'],
        ['/admin/sessions', 'sessions'],
        ['/admin/clients', 'clients'],
        ['/admin/audit', 'audit'],
        ['/admin/audit?from=2026-03-10&to=2026-03-01', 'audit-range-error'],
        ['/admin/outbox', 'outbox'],
        ['/admin/security', 'security'],
      ] as const
      for (const [path, shot] of pages) {
        const res = await page.goto(path)
        expect(res?.status(), path).toBe(200)
        await checkPage(page, want, `admin-${shot}-${want.locale}`)
      }
      // The audit log's event names and the overview's legacy-password panel are in the language too.
      await page.goto('/admin/audit?kind=signin.success')
      await expect(page.getByTestId('audit-row').first()).toContainText(want.chinese ? '登录成功' : 'Signed in')
      await page.goto('/admin')
      await expect(page.locator('#legacy-title')).toHaveText(want.chinese ? '旧系统导入的密码格式' : 'Legacy password formats')

      // An action's refusal, worded where it is shown.
      await page.goto('/admin/roles')
      await page.locator('#create-role input[name="name"]').fill('1bad')
      await page.locator('#create-role button[type="submit"]').click()
      await expect(page.getByTestId('admin-result')).toContainText(want.refusal)
      expect(await page.locator('body').innerText()).not.toContain('⟦')
      expect(errors).toEqual([])
      await context.close()
    })

    test('the 403 page for a signed-in user without ADMIN', async ({ browser }) => {
      const signUp = await browser.newContext({ locale: 'en-US' })
      await signUpWithPhone(await signUp.newPage())
      const context = await browser.newContext({ locale: want.locale, storageState: await signUp.storageState() })
      await signUp.close()
      const page = await context.newPage()
      const errors = errorsOf(page)
      const res = await page.goto('/admin/users')
      expect(res?.status()).toBe(403)
      await checkPage(page, want, `admin-forbidden-${want.locale}`)
      // The browser reports the 403 itself as a failed resource; nothing else may be logged.
      expect(errors.filter((e) => !/status of 403/.test(e))).toEqual([])
      await context.close()
    })
  })
}
