// User management on the dashboard: search by the phone's last digits, create with a temporary
// password that must be changed at the first sign-in, edit, bulk actions, CSV export, delete.
// At 1280 px and 360 px.
import { test, expect, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { newPhone, signInWithPassword, signUpWithPhone } from './support'
import { adminPage, confirmDialog, refusal, result, success } from './admin-support'

async function createUser(page: Page, u: { name: string; phone?: string; email?: string; password?: string; temporary?: boolean }) {
  await page.goto('/admin/users/new')
  const form = page.locator('#create-user')
  await form.getByLabel('Name').fill(u.name)
  if (u.phone) await form.getByLabel('Phone (optional)').fill(u.phone)
  if (u.email) await form.getByLabel('Email (optional)').fill(u.email)
  if (u.password) await form.getByLabel(/^Password/).fill(u.password)
  await form.getByLabel(/Temporary/).setChecked(Boolean(u.temporary))
  await page.getByRole('button', { name: 'Create user' }).click()
  await expect(page.getByTestId('user-name')).toHaveText(u.name)
  return Number(new URL(page.url()).pathname.split('/').pop())
}

/** The rows of a CSV download (quoted fields with "" inside, CRLF lines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''))
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  return rows
}

for (const width of [1280, 360]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } })

    test('finds a user by the last 4–8 digits of their phone (手机尾号), on users and sessions', async ({ browser }) => {
      const userPage = await (await browser.newContext()).newPage()
      const { phone, name } = await signUpWithPhone(userPage)
      const page = await adminPage(browser)
      for (const n of [8, 6, 4]) {
        await page.goto('/admin/users')
        await page.getByLabel('Search').fill(phone.slice(-n))
        await page.getByRole('button', { name: 'Search' }).click()
        await expect(page.getByTestId('user-row').filter({ hasText: name })).toHaveCount(1)
      }
      await page.goto(`/admin/sessions?user=${phone.slice(-8)}`)
      await expect(page.getByTestId('session-row').filter({ hasText: name })).toHaveCount(1)
      // The audit log too: the sign-up's events of this user.
      await page.goto(`/admin/audit?user=${phone.slice(-8)}`)
      await expect(page.getByTestId('audit-row')).not.toHaveCount(0)
    })

    test('create with a temporary password: the first sign-in must choose a new one', async ({ browser }) => {
      const page = await adminPage(browser)
      const name = `temp_${randomBytes(4).toString('hex')}`
      const id = await createUser(page, { name, phone: newPhone(), password: 'temporary_pass_1', temporary: true })
      await expect(page.getByTestId('admin-result')).toHaveCount(1)
      await expect(page.getByRole('region', { name: 'Profile', exact: true })).toContainText('temporary: must be changed at the next sign-in')
      // A taken name is refused, and what was typed stays.
      await page.goto('/admin/users/new')
      await page.locator('#create-user').getByLabel('Name').fill(name)
      await page.locator('#create-user').getByLabel('Email (optional)').fill('kept@example.com')
      await page.getByRole('button', { name: 'Create user' }).click()
      await expect(refusal(page)).toHaveText('That name is already taken.')
      await expect(page.locator('#create-user').getByLabel('Email (optional)')).toHaveValue('kept@example.com')

      const user = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage()
      await signInWithPassword(user, name, 'temporary_pass_1')
      await expect(user.getByTestId('must-change-password')).toHaveText('Your password was set by an administrator. Choose a new password to go on.')
      // The sign-in page sends them back to the password form.
      await user.goto('/sign-in?next=%2Fdocs')
      await expect(user).toHaveURL(/\/account#password$/)
      await user.getByLabel('Current password').fill('temporary_pass_1')
      await user.getByLabel('New password', { exact: true }).fill('my_own_pass_22')
      await user.getByLabel('New password again').fill('my_own_pass_22')
      await user.getByRole('button', { name: 'Change password' }).click()
      await expect(user.getByText('Password changed.', { exact: false })).toBeVisible()
      await user.reload()
      await expect(user.getByTestId('must-change-password')).toHaveCount(0)
      await page.goto(`/admin/users/${id}`)
      await expect(page.getByRole('region', { name: 'Profile', exact: true })).not.toContainText('temporary')
    })

    test('bulk disable and add a role on selected users; the CSV export of the search', async ({ browser }) => {
      const page = await adminPage(browser)
      const tag = `bulk${randomBytes(3).toString('hex')}`
      const names = [`${tag}_a`, `${tag}_b`, `${tag}_c`]
      for (const n of names) await createUser(page, { name: n, email: `${n}@example.com` })
      await page.goto(`/admin/users?q=${tag}`)
      await expect(page.getByTestId('user-row')).toHaveCount(3)
      await page.getByLabel(`Select ${names[0]}`).check()
      await page.getByLabel(`Select ${names[1]}`).check()
      await page.getByLabel('With the selected users').selectOption('disable')
      await page.getByRole('button', { name: 'Apply to selected' }).click()
      await confirmDialog(page, 'Apply this to the 2 selected users?', 'Apply')
      await expect(success(page)).toHaveText('2 users disabled.')
      await expect(result(page)).toBeFocused()
      await expect(page.getByTestId('user-row').filter({ hasText: 'disabled' })).toHaveCount(2)

      for (const n of names) await page.getByLabel(`Select ${n}`).check()
      await page.getByLabel('With the selected users').selectOption('add-role')
      await page.getByLabel('Role (for Add a role)').selectOption('ADMIN')
      await page.getByRole('button', { name: 'Apply to selected' }).click()
      await confirmDialog(page, 'Apply this to the 3 selected users?', 'Apply')
      await expect(success(page)).toHaveText('3 users given role ADMIN.')

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export this search as CSV' }).click()])
      expect(download.suggestedFilename()).toMatch(/^users-\d{4}-\d{2}-\d{2}\.csv$/)
      const rows = parseCsv(readFileSync((await download.path())!, 'utf8'))
      expect(rows[0]).toEqual(['id', 'name', 'phone', 'email', 'roles', 'status', 'created_at', 'last_login_at'])
      const body = rows.slice(1)
      expect(body.map((r) => r[1]).sort()).toEqual(names)
      expect(body.find((r) => r[1] === names[2])).toEqual(expect.arrayContaining([`${names[2]}@example.com`, 'ADMIN USER', 'active']))
      expect(body.filter((r) => r[5] === 'disabled')).toHaveLength(2)
    })

    test('edit a profile, then delete the account: details removed, audit kept', async ({ browser }) => {
      const page = await adminPage(browser)
      const name = `edit_${randomBytes(4).toString('hex')}`
      const id = await createUser(page, { name, password: 'some_password_1' })
      const edit = page.locator('#edit-user')
      const phone = newPhone()
      await edit.getByLabel('Phone').fill(phone)
      await edit.getByLabel('Email').fill('not-an-email')
      await page.getByRole('button', { name: 'Save profile' }).click()
      await confirmDialog(page, `Save the profile of ${name}?`, 'Save profile')
      await expect(refusal(page)).toHaveText('Enter a valid email address.')
      await expect(edit.getByLabel('Phone')).toHaveValue(phone)
      await edit.getByLabel('Email').fill(`${name}@example.com`)
      await page.getByRole('button', { name: 'Save profile' }).click()
      await confirmDialog(page, `Save the profile of ${name}?`, 'Save profile')
      await expect(success(page)).toHaveText('Saved: phone and email.')

      await page.getByRole('button', { name: 'Delete user' }).click()
      await confirmDialog(page, `Delete ${name}? Their name, phone, email and password are removed`, 'Delete user')
      await expect(success(page)).toHaveText(/^User deleted: personal details removed, 0 sessions ended\. Their audit events are kept\.$/)
      await expect(page.getByTestId('user-name')).toHaveText(`deleted-${id}`)
      await expect(page.getByRole('region', { name: 'Profile', exact: true })).not.toContainText(phone)
      await page.goto(`/admin/audit?user=%23${id}`)
      await expect(page.getByTestId('audit-row')).not.toHaveCount(0)
    })
  })
}
