// The dashboard fits at 1280 px (no column of the outbox or sessions cut off) and at 360 px (no
// page-wide sideways scroll; the chart's labels drawn for a phone). Long values are truncated with
// the whole value on hover (title) and on keyboard focus.
import { test, expect, type Page } from '@playwright/test'
import { newPhone, signUpWithPhone } from './support'
import { adminPage } from './admin-support'

const pageScrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)

test('at 1280 px the outbox Result and the sessions User agent columns are on screen', async ({ browser, request }) => {
  const userPage = await (
    await browser.newContext({
      userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ${'Chrome/131.0.0.0 '.repeat(6)}Safari/537.36`,
    })
  ).newPage()
  const { phone } = await signUpWithPhone(userPage)
  const sms = newPhone()
  expect((await request.post('/login/send/sms', { data: { phone: sms } })).ok()).toBe(true)
  const page = await adminPage(browser)
  await page.setViewportSize({ width: 1280, height: 900 })

  await page.goto(`/admin/outbox?recipient=${sms}`)
  const result = page.getByTestId('outbox-result').first()
  await expect(result).toHaveText('sent')
  const box = (await result.boundingBox())!
  expect(box.x + box.width).toBeLessThanOrEqual(1280)
  expect(await page.getByRole('columnheader', { name: 'Provider code' }).boundingBox()).toMatchObject({ x: expect.any(Number) })
  expect((await page.getByRole('columnheader', { name: 'Provider code' }).boundingBox())!.x).toBeLessThan(1280)
  expect(await pageScrollsSideways(page)).toBe(false)

  await page.goto(`/admin/sessions?user=${phone}`)
  const ua = page.getByTestId('session-user-agent').getByTestId('clip')
  await expect(ua).toHaveAttribute('title', /Chrome\/131/)
  const uaBox = (await ua.boundingBox())!
  expect(uaBox.x + uaBox.width).toBeLessThanOrEqual(1280)
  const revoke = (await page
    .getByTestId('session-row')
    .getByRole('button', { name: /Revoke/ })
    .boundingBox())!
  expect(revoke.x + revoke.width).toBeLessThanOrEqual(1280)
  // Truncated, and whole on focus.
  expect(await ua.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
  await ua.focus()
  await expect(ua).toHaveCSS('white-space', 'normal')
})

test('at 360 px the pages do not scroll sideways and the chart is the phone one', async ({ browser }) => {
  const page = await adminPage(browser)
  await page.setViewportSize({ width: 360, height: 800 })
  await page.goto('/admin')
  const chart = page.getByTestId('daily-chart').locator('visible=true')
  await expect(chart).toHaveCount(1)
  expect(await chart.getAttribute('viewBox')).toBe('0 0 360 220')
  // Each date label is drawn at least 9 px high on a 360 px screen.
  const label = chart.locator('text').last()
  expect((await label.boundingBox())!.height).toBeGreaterThanOrEqual(9)
  for (const path of ['/admin', '/admin/users', '/admin/roles', '/admin/sessions', '/admin/audit', '/admin/outbox', '/admin/users/new']) {
    await page.goto(path)
    expect(await pageScrollsSideways(page), path).toBe(false)
  }
})
