import { test, expect, type Page } from '@playwright/test'
import { screenshots } from './support'

const APIS = [
  ['thinksns', 'ThinkSNS+ API v2 (/api/v2)', '/api/v2/auth/login'],
  ['hyperf', 'Hyperf login API (/login)', '/login/jwt/get'],
  ['flask', 'Flask-JWT-Extended auth API (/api/auth)', '/api/auth/refresh'],
  ['rageframe', 'RageFrame API (/v1)', '/v1/site/login'],
  ['standards', 'Standards endpoints', '/oauth/introspect'],
] as const

/** Console errors, page errors, and any request that leaves our own origin (no CDN, no fonts). */
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
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.push(`outside request: ${r.url()}`)
  })
  return problems
}

test('the home page links to the API documentation', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('main').getByRole('link', { name: 'API documentation' }).click()
  await expect(page).toHaveURL(/\/docs$/)
  await expect(page.getByRole('heading', { level: 1, name: 'API documentation' })).toBeVisible()
})

for (const [api, title, path] of APIS) {
  test(`reads the ${api} API's endpoints, fields, example requests and every answer at 360 and 1280 px`, async ({ page, baseURL }) => {
    const problems = watch(page, baseURL!)
    await page.goto(`/docs?api=${api}`)
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(title.replace(/[()+/]/g, '\\$&')) })).toBeVisible()
    // The endpoint list leads to the endpoint's section, with its answers.
    await page.getByRole('navigation', { name: 'Endpoints' }).getByRole('link', { name: new RegExp(path) }).first().click()
    const section = page.locator('section', { has: page.getByRole('heading', { level: 3, name: new RegExp(`${path}$`) }) }).first()
    await expect(section.getByRole('heading', { name: 'Responses' })).toBeVisible()
    // An example answer opens to its JSON body.
    const example = section.locator('details').filter({ hasText: 'success' }).first()
    await example.locator('summary').click()
    await expect(example.locator('pre')).toBeVisible()
    // The raw document is one click away and is OpenAPI 3.1.
    const raw = await page.request.get(`/openapi/${api}.json`)
    expect(raw.status()).toBe(200)
    expect((await raw.json()).openapi).toBe('3.1.0')
    await screenshots(page, `docs-${api}`)
    expect(problems).toEqual([])
  })
}
