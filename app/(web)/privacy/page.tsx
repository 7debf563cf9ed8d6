// The default 《隐私政策》 (PRIVACY_URL) the sign-up consent links to (#24): placeholder text, in both
// languages, for the team running the service to replace (or to point the setting at its own page).
import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { Shell } from '@/components/shell'
import { LEGAL_SECTIONS, LegalSections } from '../terms/sections'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations()
  return { title: `${t('auth.privacy.metaTitle')} · ${t('common.serviceName')}` }
}

export default async function PrivacyPage() {
  const t = await getTranslations('auth.privacy')
  return (
    <Shell>
      <LegalSections title={t('title')} placeholder={t('placeholder')} sections={LEGAL_SECTIONS.map((s) => ({ title: t(`${s}Title`), body: t(`${s}Body`) }))} />
    </Shell>
  )
}
