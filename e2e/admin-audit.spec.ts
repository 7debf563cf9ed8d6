// The audit log for support staff: readable event names (zh-CN or en by Accept-Language), the user
// and the actor by name with a link, details as a list, a reversed date range refused with a
// message, code sends linked to the user, and the filtered view exported as CSV. At 1280 and 360 px.
import { test, expect } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { newPhone } from './support'
import { adminPage } from './admin-support'

for (const width of [1280, 360]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } })

    test('events by name with links, details as a list, a reversed range refused, CSV of the view', async ({ browser, request }) => {
      const page = await adminPage(browser)
      // An account made on the dashboard, then a sign-in code sent to its phone.
      const name = `audit_${randomBytes(4).toString('hex')}`
      const phone = newPhone()
      await page.goto('/admin/users/new')
      await page.locator('#create-user').getByLabel('Name').fill(name)
      await page.locator('#create-user').getByLabel('Phone (optional)').fill(phone)
      await page
        .locator('#create-user')
        .getByLabel(/Temporary/)
        .setChecked(false)
      await page.getByRole('button', { name: 'Create user' }).click()
      await expect(page.getByTestId('user-name')).toHaveText(name)
      expect(await (await request.post('/login/send/sms', { data: { phone } })).json()).toMatchObject({ code: 200 })
      await page.goto(`/admin/audit?user=${phone}`)
      const rows = page.getByTestId('audit-row')
      // The code sent to their phone names them.
      const sent = rows.and(page.locator('[data-kind="code.sent"]'))
      await expect(sent).toHaveCount(1)
      await expect(sent).toContainText('Code sent')
      await expect(sent.getByRole('link', { name })).toHaveAttribute('href', /\/admin\/users\/\d+$/)
      // Details as a list of names and values, not raw JSON.
      await expect(sent.locator('dt', { hasText: 'purpose' })).toBeVisible()
      await expect(sent).not.toContainText('{"')
      await expect(rows.and(page.locator('[data-kind="user.created"]'))).toContainText('User created by an admin')

      // A reversed range says so instead of showing nothing.
      await page.goto(`/admin/audit?user=${phone}&from=2026-03-10&to=2026-03-01`)
      await expect(page.getByRole('alert').filter({ hasText: 'swap the dates' })).toHaveText(
        'The range starts (2026-03-10) after it ends (2026-03-01): swap the dates.',
      )
      await expect(page.getByLabel('From')).toHaveAttribute('aria-invalid', 'true')

      await page.goto(`/admin/audit?user=${phone}`)
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export this view as CSV' }).click()])
      const lines = readFileSync((await download.path())!, 'utf8')
        .trim()
        .split('\r\n')
      expect(lines[0]).toBe('id,time,event,kind,user_id,user,actor_id,actor,client,ip,detail')
      expect(lines.length - 1).toBe(await rows.count())
      expect(lines.some((l) => l.includes(',Code sent,code.sent,') && l.includes(`,${name},`))).toBe(true)
    })

    test('event names in Chinese for a zh-CN browser', async ({ browser }) => {
      const page = await adminPage(browser)
      // As a browser set to Chinese sends it (Chromium's own header is replaced on every request).
      await page.route('**/*', (route) => route.continue({ headers: { ...route.request().headers(), 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' } }))
      await page.goto('/admin/audit?kind=signin.success')
      await expect(page.getByTestId('audit-row').first()).toContainText('登录成功')
      await expect(page.getByLabel('事件', { exact: true })).toContainText('登录成功')
    })
  })
}
