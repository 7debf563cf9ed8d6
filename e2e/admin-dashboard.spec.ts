import { test, expect } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { newName, newPhone, PASSWORD, screenshots, signUpWithPhone } from './support'
import { adminPage, confirmDialog, refusal, result, success } from './admin-support'

test('an admin finds a user by phone, disables them, and that user’s API tokens stop working', async ({ browser, request }) => {
  const userPage = await (await browser.newContext()).newPage()
  const { phone, name, password } = await signUpWithPhone(userPage)

  // The user's tokens from two dialects, working before.
  const got = await (await request.post('/login/jwt/get', { data: { account: phone, pwd: password } })).json()
  expect(got).toMatchObject({ code: 200, status: true })
  const jwt = got.data.jwt as string
  expect(await (await request.post('/login/jwt/status', { data: { jwt } })).json()).toMatchObject({ code: 200 })
  const flask = await (await request.post('/api/auth/login', { data: { username: phone, password } })).json()
  expect(flask.msg).toBe('登录成功')
  const refresh = () => request.post('/api/auth/refresh', { headers: { Authorization: `Bearer ${flask.data.refresh_token}` } })
  expect((await refresh()).status()).toBe(200)

  const page = await adminPage(browser)
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click()
  await page.getByLabel('Search').fill(phone)
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByTestId('user-row')).toHaveCount(1)
  await expect(page.getByTestId('user-row')).toContainText(phone)
  await screenshots(page, 'admin-users')
  await page.getByRole('link', { name }).click()
  await expect(page.getByTestId('user-name')).toHaveText(name)
  await expect(page.getByTestId('user-session')).not.toHaveCount(0)
  await page.getByRole('button', { name: 'Disable user' }).click()
  await confirmDialog(page, new RegExp(`Disable ${name}\\? \\d+ live sessions? ends? at once`), 'Disable user')
  await expect(success(page)).toHaveText('User disabled. All their sessions have ended.')
  await expect(result(page)).toBeFocused()
  await expect(page.getByRole('button', { name: 'Enable user' })).toBeVisible()
  await expect(page.getByTestId('user-session')).toHaveCount(0)
  await screenshots(page, 'admin-user-detail')

  // Hyperf: 9908 with 401 (reference); Flask: the refresh token is refused; the browser is signed out.
  const status = await request.post('/login/jwt/status', { data: { jwt } })
  expect(status.status()).toBe(401)
  expect(await status.json()).toMatchObject({ code: 9908, status: false })
  expect((await refresh()).status()).toBe(401)
  await userPage.goto('/account')
  await expect(userPage).toHaveURL(/\/sign-in/)

  // The audit log names the admin.
  await page.goto(`/admin/audit?kind=user.disabled&user=${phone}`)
  await expect(page.getByTestId('audit-row')).toHaveCount(1)
  await expect(page.getByTestId('audit-row')).toContainText('Account disabled')
  await expect(page.getByTestId('audit-row')).toContainText(/admin_/)
  await screenshots(page, 'admin-audit')
})

test('an admin adds a permission to a role and the next Flask login shows it in payload.permissions', async ({ browser, request }) => {
  const username = newName('flask')
  const reg = await (await request.post('/api/auth/register', { data: { username, password: PASSWORD } })).json()
  expect(reg.msg).toBe('注册成功')
  const login = async () => (await (await request.post('/api/auth/login', { data: { username, password: PASSWORD } })).json()).data.payload
  const permission = `reports:${randomBytes(3).toString('hex')}`
  expect((await login()).permissions.map((p: { permission_name: string }) => p.permission_name)).not.toContain(permission)

  const page = await adminPage(browser)
  await page.goto('/admin/roles')
  await page.getByLabel('New permission').fill(permission)
  await page.locator('#create-permission').getByLabel('Description').fill('查看报表')
  await page.getByRole('button', { name: 'Create permission' }).click()
  await expect(success(page)).toHaveText(`Permission ${permission} created.`)
  const userRole = page.locator('[data-role="USER"]')
  await userRole.getByLabel(permission).check()
  await userRole.getByRole('button', { name: 'Save permissions' }).click()
  await expect(success(page)).toHaveText(`Granted: ${permission}.`)
  await screenshots(page, 'admin-roles')

  const payload = await login()
  expect(payload.permissions).toContainEqual(expect.objectContaining({ permission_name: permission, description: '查看报表' }))
})

test('an admin deleting a role in use is refused until they confirm removing it from its users', async ({ browser }) => {
  const page = await adminPage(browser)
  const role = `TEMP_${randomBytes(3).toString('hex').toUpperCase()}`
  await page.goto('/admin/roles')
  await page.locator('#create-role').getByLabel('Name').fill(role)
  await page.getByRole('button', { name: 'Create role' }).click()
  await expect(success(page)).toHaveText(`Role ${role} created.`)
  // Give the role to the admin themself, from their user page.
  await page.goto('/admin/users?q=admin_')
  await page.getByTestId('user-row').first().getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('admin_')
  const menu = page.getByLabel('Add a role')
  await menu.selectOption(role)
  await expect(menu).toHaveValue(role)
  await page.getByRole('button', { name: 'Add role' }).click()
  await expect(page.getByRole('list', { name: 'Roles of this user' })).toContainText(role)

  await page.goto('/admin/roles')
  const section = page.locator(`[data-role="${role}"]`)
  await section.getByRole('button', { name: 'Delete role' }).click()
  await confirmDialog(page, `Delete role ${role}? 1 user loses it.`, 'Delete role')
  await expect(refusal(page)).toHaveText(`Role ${role} is held by 1 user. Remove it from them first, or confirm deleting it from all of them.`)
  await section.getByLabel('Also remove it from its 1 user').check()
  await section.getByRole('button', { name: 'Delete role' }).click()
  await confirmDialog(page, `Delete role ${role}? 1 user loses it.`, 'Delete role')
  await expect(page.locator(`[data-role="${role}"]`)).toHaveCount(0)
  // The form is gone with the role; its result stays announced, and focused.
  await expect(success(page)).toHaveText('Role deleted and removed from 1 user.')
  await expect(result(page)).toBeFocused()
})

test('the outbox shows a code sent by /login/send/sms', async ({ browser, request }) => {
  const phone = newPhone()
  const sent = await (await request.post('/login/send/sms', { data: { phone } })).json()
  expect(sent).toMatchObject({ code: 200, status: true })
  const code = sent.data.code as string
  expect(code).toMatch(/^\d{6}$/)

  const page = await adminPage(browser)
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Outbox' }).click()
  await page.getByLabel('Recipient (start of phone or email)').fill(phone)
  await page.getByRole('button', { name: 'Filter' }).click()
  const row = page.getByTestId('outbox-row')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText(phone)
  await expect(row).toContainText(code)
  await expect(row).toContainText('console')
  await screenshots(page, 'admin-outbox')

  await page.goto('/admin/sessions')
  await expect(page.getByRole('table', { name: 'Live sessions' })).toBeVisible()
  await screenshots(page, 'admin-sessions')
})
