// The dashboard's destructive actions ask first and say what they will do; their results are
// announced in one live region and focused; forms keep what was typed when the action refuses it.
// Run at 1280 px and at 360 px.
import { test, expect } from '@playwright/test'
import { signUpWithPhone } from './support'
import { adminPage, confirmDialog, refusal, result, success } from './admin-support'

for (const width of [1280, 360]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } })

    test('reset password: cancel sends nothing, a refused password stays typed, confirming ends the sessions', async ({ browser }) => {
      const userPage = await (await browser.newContext()).newPage()
      const { phone, name } = await signUpWithPhone(userPage)
      const page = await adminPage(browser)
      await page.goto(`/admin/users?q=${phone}`)
      await page.getByTestId('user-row').getByRole('link', { name }).click()
      await expect(page.getByTestId('user-session')).toHaveCount(1)

      // Too short: refused by the form's schema, and the typed value is still there.
      const password = page.locator('#password-form').getByLabel('New password')
      await password.fill('short')
      await page.getByRole('button', { name: 'Reset password' }).click()
      await confirmDialog(page, `Set a new password for ${name}? 1 live session ends at once.`, 'Reset password')
      await expect(refusal(page)).toHaveText(/at least \d+ characters\./i)
      await expect(result(page)).toBeFocused()
      await expect(password).toHaveValue('short')
      await expect(password).toHaveAttribute('aria-invalid', 'true')

      // Cancel: nothing is sent, the session lives on.
      await password.fill('a-new-long-password-1')
      await page.getByRole('button', { name: 'Reset password' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()
      await expect(page.getByRole('dialog')).toBeHidden()
      await expect(page.getByTestId('user-session')).toHaveCount(1)

      await page.getByRole('button', { name: 'Reset password' }).click()
      await confirmDialog(page, 'Set a new password', 'Reset password')
      await expect(success(page)).toHaveText('Password set. All their sessions have ended.')
      await expect(result(page)).toBeFocused()
      await expect(password).toHaveValue('')
      await expect(page.getByTestId('user-session')).toHaveCount(0)
      // The form's own message goes as soon as the admin types again.
      await expect(page.locator('#password-form').getByTestId('action-result')).toBeVisible()
      await password.fill('x')
      await expect(page.locator('#password-form').getByTestId('action-result')).toHaveCount(0)
    })

    test('new role: a bad name stays typed; the role menu preselects nothing; a revoked session is announced', async ({ browser }) => {
      const userPage = await (await browser.newContext()).newPage()
      const { phone, name } = await signUpWithPhone(userPage)
      const page = await adminPage(browser)
      await page.goto('/admin/roles')
      const roleName = page.locator('#create-role').getByLabel('Name')
      await roleName.fill('9 bad name')
      await page.locator('#create-role').getByLabel('Description').fill('kept too')
      await page.getByRole('button', { name: 'Create role' }).click()
      await expect(refusal(page)).toContainText('A role name starts with a letter')
      await expect(roleName).toHaveValue('9 bad name')
      await expect(page.locator('#create-role').getByLabel('Description')).toHaveValue('kept too')

      await page.goto(`/admin/users?q=${phone}`)
      await page.getByTestId('user-row').getByRole('link', { name }).click()
      await expect(page.getByLabel('Add a role')).toHaveValue('')
      await page.getByRole('button', { name: 'Add role' }).click()
      await expect(refusal(page)).toHaveText('Choose a role.')

      await page.goto(`/admin/sessions?user=${phone}`)
      await expect(page.getByTestId('session-row')).toHaveCount(1)
      await page
        .getByTestId('session-row')
        .getByRole('button', { name: /Revoke/ })
        .click()
      await confirmDialog(page, `End ${name}'s`, 'End session')
      await expect(success(page)).toHaveText('Session ended. Its tokens are refused from now on.')
      await expect(result(page)).toBeFocused()
      await expect(page.getByTestId('session-row')).toHaveCount(0)
      await userPage.goto('/account')
      await expect(userPage).toHaveURL(/\/sign-in/)
    })

    test('the admin header signs out', async ({ browser }) => {
      const page = await adminPage(browser)
      await page.getByRole('button', { name: 'Sign out' }).click()
      await expect(page).toHaveURL(/\/sign-in/)
      await page.goto('/admin')
      await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin$/)
    })
  })
}
