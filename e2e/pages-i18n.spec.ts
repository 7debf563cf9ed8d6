// The sign-in and sign-up pages in both languages (#24): in a zh-CN and an en-US browser, at 1280
// and 360 px, each page says its language in <html lang>, shows no missing catalogue key (⟦…⟧),
// logs no console error, and lands a screenshot in the test output. Then the flows of the issue,
// walked in Chinese: each code failure's own message and "get a new code", full-width digits in
// the phone number, the password toggle and policy, the keyboard tabs, the consent checkbox, and the
// SMS sign-in of a number with no account.
import { test, expect, type Page } from '@playwright/test'
import { dbDateAgo, execute, latestCode, newName, newPhone, PASSWORD, screenshots } from './support'

const LOCALES = [
  { browser: 'zh-CN', lang: 'zh-CN', signIn: '登录' },
  { browser: 'en-US', lang: 'en', signIn: 'Sign in' },
] as const

const PAGES = [
  { name: 'sign-in', path: '/sign-in' },
  { name: 'sign-up', path: '/sign-up' },
  { name: 'verify', path: `/verify?channel=sms&target=13700000000` },
  { name: 'forgot-password', path: '/forgot-password' },
  { name: 'terms', path: '/terms' },
  { name: 'privacy', path: '/privacy' },
]

/**
 * Console errors and uncaught exceptions of a page, from now on. A refused sign-in is next-auth's
 * 401, which Chromium logs as a failed resource: that answer is the flow's, not an error of the page.
 */
function consoleErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: .*\b401\b/.test(m.text())) errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  return errors
}

async function expectTranslated(page: Page, lang: string): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', lang)
  const text = await page.locator('body').innerText()
  expect(text, 'a catalogue key is missing').not.toContain('⟦')
  expect(await page.title()).not.toContain('⟦')
}

const fullWidth = (digits: string) => digits.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))

for (const locale of LOCALES) {
  test.describe(`pages in ${locale.browser}`, () => {
    test.use({ locale: locale.browser })

    test('each sign-in and sign-up page speaks the language, at 1280 and 360 px, without console errors', async ({ page }) => {
      const errors = consoleErrors(page)
      for (const p of PAGES) {
        await page.goto(p.path)
        await expectTranslated(page, locale.lang)
        await screenshots(page, `i18n-${p.name}-${locale.browser}`)
      }
      await page.goto('/sign-in')
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(locale.signIn)
      await expect(page).toHaveTitle(new RegExp(`^${locale.signIn} · `))
      // The second tab, as shown (the phone field, the send button).
      await page.getByRole('tab').nth(1).click()
      await expectTranslated(page, locale.lang)
      await screenshots(page, `i18n-sign-in-sms-${locale.browser}`)
      expect(errors).toEqual([])
    })
  })
}

test.describe('the flows in Chinese', () => {
  test.use({ locale: 'zh-CN' })

  test('sign-up: full-width digits, each code failure with its message and a new code, password toggle and policy, consent', async ({ page, browser }) => {
    test.setTimeout(120_000)
    const errors = consoleErrors(page)
    const phone = newPhone()
    await page.goto('/sign-up')
    // The radio "手机号" (sign up with) and the field share the word: the field is the text box.
    await page
      .getByRole('textbox', { name: '手机号' })
      .fill(`＋86 ${fullWidth(phone.slice(0, 3))} ${fullWidth(phone.slice(3, 7))}－${fullWidth(phone.slice(7))}`)
    await page.getByRole('button', { name: '获取验证码' }).click()
    await expect(page).toHaveURL(new RegExp(`/verify\\?.*target=${phone}`))
    await expect(page.getByRole('button', { name: /\d+ 秒后重新获取/ })).toBeDisabled()
    const code = await latestCode(phone, 'register')
    const wrong = code === '000000' ? '111111' : '000000'
    const field = page.getByLabel('6 位验证码')

    // Wrong: its own message, on the field, focused, with "get a new code" held back by the countdown.
    await field.fill(wrong)
    await page.getByRole('button', { name: '下一步' }).click()
    await expect(page.locator('#code-error')).toHaveText('验证码不正确，请核对后重新输入。')
    await expect(field).toBeFocused()
    await expect(page.getByRole('button', { name: /\d+ 秒后可获取新验证码/ })).toBeDisabled()
    await screenshots(page, 'i18n-verify-wrong-zh-CN')

    // Expired.
    await execute(`UPDATE "VerificationCode" SET "expiresAt" = ? WHERE target = ?`, [dbDateAgo(1000), phone])
    await field.fill(code)
    await page.getByRole('button', { name: '下一步' }).click()
    await expect(page.locator('#code-error')).toHaveText('验证码已过期，请重新获取。')

    // Too many wrong tries: the last one burns it.
    await execute(`UPDATE "VerificationCode" SET "expiresAt" = ?, attempts = 4 WHERE target = ?`, [dbDateAgo(-300_000), phone])
    await field.fill(wrong)
    await page.getByRole('button', { name: '下一步' }).click()
    await expect(page.locator('#code-error')).toHaveText('验证码输错次数过多，已失效，请重新获取。')

    // The resend interval passes (on the server, and in this tab's remembered deadline): a new code.
    await execute(`UPDATE "VerificationCode" SET "createdAt" = ? WHERE target = ?`, [dbDateAgo(61_000), phone])
    await page.evaluate(() => sessionStorage.clear())
    await page.goto(`/verify?channel=sms&target=${phone}`)
    await page.getByLabel('6 位验证码').fill(wrong)
    await page.getByRole('button', { name: '下一步' }).click()
    await page.getByRole('button', { name: '获取新验证码' }).click()
    await expect(page.getByText('新的验证码已发送。')).toBeVisible()
    await expect(page.locator('#code-error')).toHaveCount(0)
    const fresh = await latestCode(phone, 'register')
    expect(fresh).not.toBe('')
    await page.getByLabel('6 位验证码').fill(fresh)
    await page.getByRole('button', { name: '下一步' }).click()

    // The password: shown on request, the policy while typing, a common one warned about.
    const password = page.getByLabel('密码', { exact: true })
    const toggle = page.getByRole('button', { name: '显示密码' })
    await expect(toggle).toHaveAttribute('aria-pressed', 'false')
    await toggle.click()
    await expect(toggle).toHaveAttribute('aria-pressed', 'true')
    await expect(password).toHaveAttribute('type', 'text')
    await password.fill('password1')
    await expect(page.getByTestId('password-common')).toHaveText('这个密码很常见，别人很容易猜到，请换一个。')
    await expect(page.getByText(/至少 \d+ 个字符/)).toBeVisible()
    await password.fill(PASSWORD)
    await expect(page.getByTestId('password-common')).toHaveCount(0)
    await page.getByLabel('用户名').fill(newName())
    await page.getByLabel('确认密码').fill(PASSWORD)
    await page.getByRole('button', { name: '创建账号' }).click()
    await expect(page.locator('#consent-error')).toHaveText('请先阅读并同意《用户协议》和《隐私政策》。')
    await expect(page.getByRole('link', { name: /《用户协议》/ })).toHaveAttribute('href', '/terms')
    await screenshots(page, 'i18n-verify-details-zh-CN')
    await page.getByRole('checkbox', { name: /我已阅读并同意/ }).check()
    await page.getByRole('button', { name: '创建账号' }).click()
    await expect(page).toHaveURL(/\/account$/)
    expect(errors).toEqual([])

    // A used code: signed in by SMS once in another browser, the same code again says it was used.
    const other = await browser.newContext({ locale: 'zh-CN' })
    const p = await other.newPage()
    await p.goto('/sign-in')
    await p.getByRole('tab', { name: '密码登录' }).focus()
    await p.keyboard.press('ArrowRight')
    await expect(p.getByRole('tab', { name: '短信验证码登录' })).toHaveAttribute('aria-selected', 'true')
    await p.getByLabel('手机号').fill(phone)
    await p.getByRole('button', { name: '获取验证码' }).click()
    const login = await latestCode(phone, 'login')
    await p.getByLabel('6 位验证码').fill(login)
    await p.getByRole('button', { name: '登录', exact: true }).click()
    await expect(p).toHaveURL(/\/account$/)
    await other.close()
    const third = await browser.newContext({ locale: 'zh-CN' })
    const q = await third.newPage()
    await q.goto('/sign-in')
    await q.getByRole('tab', { name: '短信验证码登录' }).click()
    await q.getByLabel('手机号').fill(phone)
    await q.getByLabel('6 位验证码').fill(login)
    await q.getByRole('button', { name: '登录', exact: true }).click()
    await expect(q.locator('#code-error')).toHaveText('该验证码已使用过，请重新获取。')
    await screenshots(q, 'i18n-sign-in-used-code-zh-CN')
    await third.close()
  })

  test('SMS sign-in with a number that has no account: told so, and signs up with the same code', async ({ page }) => {
    const errors = consoleErrors(page)
    const phone = newPhone()
    await page.goto('/sign-in')
    await page.getByRole('tab', { name: '短信验证码登录' }).click()
    await page.getByLabel('手机号').fill(phone)
    await page.getByRole('button', { name: '获取验证码' }).click()
    await page.getByLabel('6 位验证码').fill(await latestCode(phone, 'login'))
    await page.getByRole('button', { name: '登录', exact: true }).click()
    const offer = page.getByTestId('no-account')
    await expect(offer).toContainText('该手机号还没有注册账号。')
    await screenshots(page, 'i18n-sign-in-no-account-zh-CN')
    await offer.getByRole('button', { name: '用此手机号注册' }).click()
    await expect(page).toHaveURL(/\/verify\?/)
    await page.getByLabel('用户名').fill(newName())
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD)
    await page.getByLabel('确认密码').fill(PASSWORD)
    await page.getByRole('checkbox', { name: /我已阅读并同意/ }).check()
    await page.getByRole('button', { name: '创建账号' }).click()
    await expect(page).toHaveURL(/\/account$/)
    expect(errors).toEqual([])
  })
})
