import { requireAdmin } from '@/lib/admin/guard'
import { mfaPolicy } from '@/lib/core/factors'
import { config } from '@/lib/config'
import { ActionForm, SubmitButton } from '@/components/admin/action-form'
import { PageTitle, Panel } from '@/components/admin/ui'
import { setMfaPolicyAction } from '../actions'

export const dynamic = 'force-dynamic'

const CHOICES = [
  { value: 'none', label: 'Nobody is required to use one' },
  { value: 'admins', label: 'Admins must use one (no admin page without it)' },
  { value: 'everyone', label: 'Everyone must use one' },
] as const

/** The second-factor policy switch (#26): overrides MFA_REQUIRED once set. */
export default async function SecurityPage() {
  await requireAdmin('/admin/security')
  const policy = await mfaPolicy()
  return (
    <>
      <PageTitle>Security</PageTitle>
      <Panel title="Second factors" id="mfa">
        <ActionForm action={setMfaPolicyAction} id="mfa-form" className="space-y-3">
          <fieldset className="space-y-2 text-sm">
            <legend className="mb-2 text-slate-700">Who must sign in with a second factor (an authenticator app or a passkey)</legend>
            {CHOICES.map((c) => (
              <label key={c.value} className="flex items-center gap-2">
                <input type="radio" name="policy" value={c.value} defaultChecked={policy === c.value} />
                {c.label}
              </label>
            ))}
          </fieldset>
          <p className="text-sm text-slate-600">
            The legacy login APIs cannot ask for a second factor: MFA_LEGACY_DIALECTS={config().MFA_LEGACY_DIALECTS} (
            {config().MFA_LEGACY_DIALECTS === 'allow' ? 'their sign-ins still work with the password alone' : 'users with a second factor are refused there'}).
          </p>
          <SubmitButton>Save</SubmitButton>
        </ActionForm>
      </Panel>
    </>
  )
}
