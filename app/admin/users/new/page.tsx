import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { requireAdmin } from '@/lib/admin/guard'
import { config } from '@/lib/config'
import { ActionForm, ActionInput, SubmitButton } from '@/components/admin/action-form'
import { PageTitle, Panel } from '@/components/admin/ui'
import { createUserAction } from '../../actions'

export const dynamic = 'force-dynamic'

export default async function NewUserPage() {
  await requireAdmin('/admin/users/new')
  const [t, tu] = await Promise.all([getTranslations('admin.newUser'), getTranslations('admin.user')])
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/users" className="text-blue-700 underline">
          {tu('back')}
        </Link>
      </p>
      <PageTitle sub={t('sub')}>{t('title')}</PageTitle>
      <Panel title={t('account')} id="new-user">
        <ActionForm action={createUserAction} id="create-user" className="grid max-w-xl gap-3">
          <ActionInput name="name" label={t('name')} required autoComplete="off" />
          <ActionInput name="phone" label={t('phone')} type="tel" autoComplete="off" />
          <ActionInput name="email" label={t('email')} type="email" autoComplete="off" />
          <ActionInput name="password" label={t('password')} type="password" autoComplete="new-password" minLength={config().PASSWORD_MIN_LENGTH} />
          <label className="inline-flex items-center gap-2 text-sm">
            <input type="checkbox" name="temporary" />
            {t('temporary')}
          </label>
          <div>
            <SubmitButton>{t('create')}</SubmitButton>
          </div>
        </ActionForm>
      </Panel>
    </>
  )
}
