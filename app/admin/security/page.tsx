import { getTranslations } from 'next-intl/server'
import { requireAdmin } from '@/lib/admin/guard'
import { mfaPolicy } from '@/lib/core/factors'
import { config } from '@/lib/config'
import { ActionForm, SubmitButton } from '@/components/admin/action-form'
import { PageTitle, Panel } from '@/components/admin/ui'
import { setMfaPolicyAction } from '../actions'

export const dynamic = 'force-dynamic'

const CHOICES = ['none', 'admins', 'everyone'] as const

/** The second-factor policy switch (#26): overrides MFA_REQUIRED once set. */
export default async function SecurityPage() {
  await requireAdmin('/admin/security')
  const policy = await mfaPolicy()
  const [t, tu] = await Promise.all([getTranslations('admin.security'), getTranslations('admin.ui')])
  const legacy = config().MFA_LEGACY_DIALECTS
  return (
    <>
      <PageTitle>{t('title')}</PageTitle>
      <Panel title={t('mfa')} id="mfa">
        <ActionForm action={setMfaPolicyAction} id="mfa-form" className="space-y-3">
          <fieldset className="space-y-2 text-sm">
            <legend className="mb-2 text-slate-700">{t('legend')}</legend>
            {CHOICES.map((c) => (
              <label key={c} className="flex items-center gap-2">
                <input type="radio" name="policy" value={c} defaultChecked={policy === c} />
                {t(c)}
              </label>
            ))}
          </fieldset>
          <p className="text-sm text-slate-600">{t('legacy', { value: legacy, effect: legacy === 'allow' ? t('legacyAllow') : t('legacyRefuse') })}</p>
          <SubmitButton>{tu('save')}</SubmitButton>
        </ActionForm>
      </Panel>
    </>
  )
}
