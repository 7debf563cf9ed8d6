import Link from 'next/link'
import { requireAdmin } from '@/lib/admin/guard'
import { config } from '@/lib/config'
import { ActionForm, ActionInput, SubmitButton } from '@/components/admin/action-form'
import { PageTitle, Panel } from '@/components/admin/ui'
import { createUserAction } from '../../actions'

export const dynamic = 'force-dynamic'

export default async function NewUserPage() {
  await requireAdmin('/admin/users/new')
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/users" className="text-blue-700 underline">
          ← Users
        </Link>
      </p>
      <PageTitle sub="The same rules as sign-up: a name, phone or email another account has is refused. A phone or email set here is not verified until the user confirms it with a code.">
        New user
      </PageTitle>
      <Panel title="Account" id="new-user">
        <ActionForm action={createUserAction} id="create-user" className="grid max-w-xl gap-3">
          <ActionInput name="name" label="Name" required autoComplete="off" />
          <ActionInput name="phone" label="Phone (optional)" type="tel" autoComplete="off" />
          <ActionInput name="email" label="Email (optional)" type="email" autoComplete="off" />
          <ActionInput
            name="password"
            label="Password (optional: without one they sign in by code)"
            type="password"
            autoComplete="new-password"
            minLength={config().PASSWORD_MIN_LENGTH}
          />
          <label className="inline-flex items-center gap-2 text-sm">
            <input type="checkbox" name="temporary" />
            Temporary: they must choose a new password at their first sign-in
          </label>
          <div>
            <SubmitButton>Create user</SubmitButton>
          </div>
        </ActionForm>
      </Panel>
    </>
  )
}
