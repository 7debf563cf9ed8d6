// Issue 21 item 6 in Chromium: a page of another origin cannot frame our pages (clickjacking), and
// under the Content-Security-Policy of lib/http/security-headers.ts every page still works with no
// violation: sign-up, sign-in, account, the admin dashboard and /docs (Scalar). The headers
// themselves, on both serving paths: test/http/security-headers.http.test.ts.
import { test, expect, type Page } from '@playwright/test'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { adminPage } from './admin-support'
import { signInWithPassword, signOut, signUpWithPhone } from './support'

let attacker: http.Server
let attackerOrigin = ''

// The attacker's site, on another origin (127.0.0.1, while the app is on localhost): /?frame=<path>
// frames that path of the app under a decoy button, beside a frame of its own (/own) that shows the
// browser frames pages here at all.
test.beforeAll(async ({ baseURL }) => {
  attacker = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://attacker')
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (url.pathname === '/own') {
      res.end('<!doctype html><p id="own">the attacker frames its own page</p>')
      return
    }
    const target = new URL(url.searchParams.get('frame') ?? '/', baseURL).href
    res.end(
      `<!doctype html><title>Win a prize</title><button style="position:absolute;top:300px">Claim</button>` +
        `<iframe id="victim" src="${target}" width="900" height="700" style="opacity:0.01"></iframe>` +
        `<iframe id="own" src="/own"></iframe>`,
    )
  })
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
  attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`
})

test.afterAll(async () => {
  await new Promise<void>((resolve) => attacker.close(() => resolve()))
})

// An API answer too: nothing of ours may sit in another site's frame.
for (const path of ['/sign-in', '/admin/users', '/account', '/docs', '/api/health']) {
  test(`another origin cannot frame ${path}`, async ({ page, baseURL }) => {
    const refused = page.waitForEvent('console', {
      predicate: (m) => m.text().includes('frame-ancestors') && m.text().includes(new URL(baseURL!).origin),
      timeout: 15_000,
    })
    await page.goto(`${attackerOrigin}/?frame=${encodeURIComponent(path)}`)
    // The attacker's own frame loads: framing works here, only ours is refused.
    await expect(page.frameLocator('#own').locator('#own')).toHaveText('the attacker frames its own page')
    await refused
    const victim = await (await page.locator('#victim').elementHandle())!.contentFrame()
    expect(victim).not.toBeNull()
    // Chromium replaces a refused frame by its error page: none of ours is in it.
    await expect.poll(() => victim!.url()).toMatch(/^chrome-error:/)
    await expect(page.frameLocator('#victim').locator('body')).not.toContainText(/Sign in|Users|API documentation|status/)
  })
}

/**
 * Every `securitypolicyviolation` in the page's documents (reported out of each document as it
 * happens, so navigations lose none) and every console message about the Content-Security-Policy.
 */
async function watchPolicy(page: Page): Promise<string[]> {
  const problems: string[] = []
  await page.exposeFunction('__reportViolation', (v: string) => problems.push(`violation: ${v}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportViolation: (v: string) => void }).__reportViolation
      void report(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} on ${location.pathname} (${e.sourceFile}:${e.lineNumber})`)
    })
  })
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`)
  })
  return problems
}

test('sign-up, sign-out, sign-in and the account page work with no policy violation', async ({ page }) => {
  const problems = await watchPolicy(page)
  const { name, password } = await signUpWithPhone(page)
  await signOut(page)
  await signInWithPassword(page, name, password)
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByTestId('profile-name')).toHaveText(name)
  // Client-side navigation and a full load of the same pages.
  await page.goto('/')
  await page.goto('/sign-in?next=/account')
  await expect(page).toHaveURL(/\/account$/)
  expect(problems).toEqual([])
})

test('the admin dashboard works with no policy violation', async ({ browser }) => {
  const page = await adminPage(browser)
  const problems = await watchPolicy(page)
  for (const [path, heading] of [
    ['/admin', 'Overview'],
    ['/admin/users', 'Users'],
    ['/admin/roles', 'Roles and permissions'],
    ['/admin/sessions', 'Sessions'],
    ['/admin/audit', 'Audit log'],
    ['/admin/outbox', 'Outbox'],
  ]) {
    await page.goto(path)
    await expect(page.getByRole('heading', { name: heading, level: 1 }), path).toBeVisible()
  }
  expect(problems).toEqual([])
  await page.context().close()
})

test('/docs renders Scalar with no policy violation', async ({ page }) => {
  const problems = await watchPolicy(page)
  await page.goto('/docs?api=hyperf')
  await expect(page.getByRole('heading', { level: 1, name: 'Hyperf login API (/login, /user)', exact: true })).toBeVisible()
  await page.getByRole('link', { name: '/login/jwt/get HTTP Method: POST', exact: true }).click()
  await expect(page.getByRole('region', { name: '登录 (get a jwt and a refresh jwt)', exact: true })).toBeVisible()
  await page.goto('/docs?api=flask')
  await expect(page.getByRole('heading', { level: 1, name: 'Flask-JWT-Extended auth API (/api/auth)', exact: true })).toBeVisible()
  expect(problems).toEqual([])
})
