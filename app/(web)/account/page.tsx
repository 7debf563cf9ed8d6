import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { Shell, Card } from '@/components/shell'
import { requireUser } from '@/lib/auth/current'
import { config } from '@/lib/config'
import { isContactVerified } from '@/lib/core/rules'
import { BindForm, ChangePasswordForm, NameForm, RemoveContactForm, SignOutButton } from './forms'
import { FactorsSection } from './factors'
import { listFactors, mfaPolicy, policyRequires } from '@/lib/core/factors'
import { recoveryCodesLeft } from '@/lib/core/factors/recovery-codes'
import { hasRole, ROLE_ADMIN } from '@/lib/core/roles'
import { Time } from '@/components/time'
import { ConnectedApps } from './connected-apps'
import { Sessions } from './sessions'
import { DeleteAccount } from './delete-account'

export async function generateMetadata(): Promise<Metadata> {
  const [t, common] = await Promise.all([getTranslations('account'), getTranslations('common')])
  return { title: `${t('metaTitle')} · ${common('serviceName')}` }
}

/** Whether a phone or email was proved by a code: only a proved one signs in by code (#21 item 7). */
async function VerifiedBadge({ verified, field }: { verified: boolean; field: 'phone' | 'email' }) {
  const t = await getTranslations('account.profile')
  return verified ? (
    <span className="ml-2 rounded bg-green-100 px-2 py-0.5 text-xs text-green-900" data-testid={`${field}-verified`}>
      {t('verified')}
    </span>
  ) : (
    <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900" data-testid={`${field}-unverified`} title={t('unverifiedHint')}>
      {t('unverified')}
    </span>
  )
}

export default async function AccountPage() {
  const { user, sessionId } = await requireUser('/account', { allowMustChange: true })
  const factors = await listFactors(user.id)
  const factorRequired = policyRequires(await mfaPolicy(), await hasRole(user.id, ROLE_ADMIN))
  const t = await getTranslations('account')
  return (
    <Shell signedIn wide>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <SignOutButton />
      </div>
      {user.passwordMustChange ? (
        <p role="alert" className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="must-change-password">
          {t('mustChange')}
        </p>
      ) : null}
      <div className="mt-6 grid gap-6">
        <Card title={t('profile.title')} id="profile">
          <dl className="grid grid-cols-[minmax(0,7rem)_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
            <dt className="text-slate-600">{t('profile.name')}</dt>
            <dd className="break-all" data-testid="profile-name">
              {user.name}
            </dd>
            <dt className="text-slate-600">{t('profile.phone')}</dt>
            <dd className="break-all">
              <span data-testid="profile-phone">{user.phone ?? t('profile.none')}</span>
              {user.phone ? <VerifiedBadge field="phone" verified={isContactVerified(user, 'phone')} /> : null}
            </dd>
            <dt className="text-slate-600">{t('profile.email')}</dt>
            <dd className="break-all">
              <span data-testid="profile-email">{user.email ?? t('profile.none')}</span>
              {user.email ? <VerifiedBadge field="email" verified={isContactVerified(user, 'email')} /> : null}
            </dd>
            <dt className="text-slate-600">{t('profile.memberSince')}</dt>
            <dd>
              <Time value={user.createdAt} />
            </dd>
          </dl>
          <div className="mt-4">
            <NameForm current={user.name} />
          </div>
        </Card>

        <Card title={t('password.title')} id="password">
          <ChangePasswordForm hasPassword={user.passwordHash !== null} passwordMin={config().PASSWORD_MIN_LENGTH} />
        </Card>

        <Card title={t('factors.title')} id="factors">
          <FactorsSection
            factors={factors.map((f) => ({
              id: f.id,
              kind: f.kind,
              name: f.name,
              added: <Time value={f.createdAt} />,
              lastUsed: <Time value={f.lastUsedAt} />,
            }))}
            recoveryLeft={await recoveryCodesLeft(user.id)}
            hasPassword={user.passwordHash !== null}
            required={factorRequired}
          />
        </Card>

        <div className="grid gap-6 md:grid-cols-2">
          <Card title={t(user.phone ? 'contact.phoneChange' : 'contact.phoneAdd')} id="phone">
            <BindForm channel="sms" current={user.phone} />
            <div className="mt-4">
              <RemoveContactForm field="phone" value={user.phone} />
            </div>
          </Card>
          <Card title={t(user.email ? 'contact.emailChange' : 'contact.emailAdd')} id="email">
            <BindForm channel="mail" current={user.email} />
            <div className="mt-4">
              <RemoveContactForm field="email" value={user.email} />
            </div>
          </Card>
        </div>

        <ConnectedApps userId={user.id} />

        <Sessions userId={user.id} currentId={sessionId} />

        <Card title={t('delete.title')} id="delete">
          <DeleteAccount />
        </Card>
      </div>
    </Shell>
  )
}
