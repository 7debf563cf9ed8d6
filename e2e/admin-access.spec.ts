import { test, expect } from '@playwright/test'
import { screenshots, signUpWithPhone } from './support'
import { adminPage } from './admin-support'

test('someone not signed in is sent to sign in, and back to the dashboard page afterwards', async ({ page }) => {
  await page.goto('/admin/users')
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin%2Fusers$/)
})

test('a signed-in user without the ADMIN role is refused with 403 on every dashboard page', async ({ page }) => {
  await signUpWithPhone(page)
  for (const path of ['/admin', '/admin/users', '/admin/users/1', '/admin/roles', '/admin/sessions', '/admin/audit', '/admin/outbox']) {
    const res = await page.goto(path)
    expect(res?.status(), path).toBe(403)
    await expect(page.getByRole('heading', { name: '403 · Admins only' })).toBeVisible()
    await expect(page.getByRole('table')).toHaveCount(0)
  }
  await screenshots(page, 'admin-forbidden')
})

test('an admin sees the overview: counts and the 30-day chart', async ({ browser }) => {
  const page = await adminPage(browser)
  await expect(page.getByTestId('count-users')).toHaveText(/^\d[\d,]*$/)
  const chart = page.getByTestId('daily-chart').locator('visible=true')
  await expect(chart).toHaveCount(1)
  await expect(chart.locator('rect')).toHaveCount(30)
  await screenshots(page, 'admin-overview')
})
