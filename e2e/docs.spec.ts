// /docs in Chromium as an integrator reads it: Scalar's reference of each document, at 360 and
// 1280 px, with nothing fetched from another origin (lib/openapi/README.md).
import { test, expect, type Page } from '@playwright/test'
import { screenshots } from './support'

type Case = {
  api: string
  /** The document's info.title, the reference's first heading. */
  title: string
  method: string
  path: string
  /** The operation's summary: the heading of its section. */
  operation: string
  /** A documented error answer: its HTTP status, and a literal of its body from the reference. */
  status: string
  body: string
  /** When the error is not the first example of its status: the example shown first, then the one to pick. */
  example?: [string, string]
}

const CASES: Case[] = [
  // reference/dialects.md, ThinkSNS+: wrong password or no such user -> 422 {"message":"账号或密码不正确"}
  {
    api: 'thinksns',
    title: 'ThinkSNS+ API v2 (/api/v2)',
    method: 'POST',
    path: '/api/v2/auth/login',
    operation: '用户登录 (sign in, seed 000)',
    status: '422',
    body: '账号或密码不正确',
    example: ['No login, or neither password nor code.', 'Unknown account.'],
  },
  // Hyperf: validation -> 422, 9906 · 数据验证失败，原因如下：<reason>, reason `account 账号必填`
  {
    api: 'hyperf',
    title: 'Hyperf login API (/login, /user)',
    method: 'POST',
    path: '/login/jwt/get',
    operation: '登录 (get a jwt and a refresh jwt)',
    status: '422',
    body: '数据验证失败，原因如下：account 账号必填',
  },
  // Flask: no Authorization header -> 401 `Missing Authorization Header`
  {
    api: 'flask',
    title: 'Flask-JWT-Extended auth API (/api/auth)',
    method: 'POST',
    path: '/api/auth/refresh',
    operation: '刷新令牌 (a new access token)',
    status: '401',
    body: 'Missing Authorization Header',
  },
  // RageFrame answers HTTP 200 with the error in the body: missing field -> 422 · 登录帐号不能为空。
  {
    api: 'rageframe',
    title: 'RageFrame API (/v1)',
    method: 'POST',
    path: '/v1/site/login',
    operation: '登录 (sign in, seed 004)',
    status: '200',
    body: '登录帐号不能为空。',
    example: ['seed 004', 'No user name (Yii reports the first failing rule only).'],
  },
  // RFC 6749 §5.2 / RFC 7662: bad client credentials -> 401 invalid_client
  {
    api: 'standards',
    title: 'Standards endpoints (JWKS, discovery, introspection, revocation, /api/me, health)',
    method: 'POST',
    path: '/oauth/introspect',
    operation: 'Token introspection (RFC 7662)',
    status: '401',
    body: 'invalid_client',
  },
]

/** Console errors, page errors, answers >= 400, and any request that leaves our own origin (no CDN, no fonts). */
function watch(page: Page, origin: string) {
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`)
  })
  page.on('request', (r) => {
    const url = r.url()
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) problems.push(`outside request: ${url}`)
  })
  return problems
}

test('the home page links to the API documentation', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('main').getByRole('link', { name: 'API documentation' }).click()
  await expect(page).toHaveURL(/\/docs$/)
  await expect(page.getByRole('heading', { level: 1, name: 'API documentation' })).toBeVisible()
})

for (const c of CASES) {
  test(`the ${c.api} reference shows ${c.method} ${c.path} and its ${c.status} answer at 360 and 1280 px`, async ({ page, baseURL }) => {
    const origin = new URL(baseURL!).origin
    const problems = watch(page, origin)
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 })
      await page.goto(`/docs?api=${c.api}`)
      await expect(page.getByRole('heading', { level: 1, name: c.title, exact: true })).toBeVisible()
      await expect(page.getByRole('link', { name: `/openapi/${c.api}.json` })).toHaveAttribute('href', `/openapi/${c.api}.json`)

      // The endpoint is in the sidebar (behind the menu button on a phone) and leads to its section.
      if (width === 360) await page.getByRole('button', { name: 'Open Menu' }).click()
      await page.getByRole('link', { name: `${c.path} HTTP Method: ${c.method}`, exact: true }).click()
      const operation = page.getByRole('region', { name: c.operation, exact: true })
      await expect(operation.getByRole('heading', { name: c.operation, exact: true })).toBeInViewport()

      // Its responses, with every error body: the status's tab, then the example when it is not the first.
      const responses = operation.getByRole('list', { name: 'Responses' })
      await expect(responses.getByRole('button', { name: new RegExp(`^${c.status} `) })).toBeVisible()
      const samples = operation.getByRole('region', { name: /^Status: / })
      await samples.getByRole('tab', { name: `Status: ${c.status}`, exact: true }).click()
      if (c.example) {
        await expect(samples).not.toContainText(c.body)
        await samples.getByRole('button', { name: c.example[0], exact: true }).click()
        await page.getByRole('option', { name: c.example[1], exact: true }).click()
      }
      await expect(samples).toContainText(c.body)
    }

    // The raw document is one click away and is OpenAPI 3.1.
    const raw = await page.request.get(`/openapi/${c.api}.json`)
    expect(raw.status()).toBe(200)
    expect((await raw.json()).openapi).toBe('3.1.0')
    await screenshots(page, `docs-${c.api}`)
    expect(problems).toEqual([])
  })
}
