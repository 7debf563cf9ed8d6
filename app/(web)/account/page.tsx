import type { Metadata } from 'next'
import { sessionClientLabel } from '@/lib/dialects'
import { Shell, Card } from '@/components/shell'
import { Button } from '@/components/button'
import { requireUser } from '@/lib/auth/current'
import { describeUserAgent } from '@/lib/auth/user-agent'
import { listUserSessions } from '@/lib/core/sessions'
import { config } from '@/lib/config'
import { isContactVerified } from '@/lib/core/rules'
import { BindForm, ChangePasswordForm, SignOutButton } from './forms'
import { revokeAllAction, revokeSessionAction } from './actions'
import { FactorsSection } from './factors'
import { listFactors, mfaPolicy, policyRequires } from '@/lib/core/factors'
import { recoveryCodesLeft } from '@/lib/core/factors/recovery-codes'
import { hasRole, ROLE_ADMIN } from '@/lib/core/roles'
import { Time } from '@/components/time'
import { ConnectedApps } from './connected-apps'

export const metadata: Metadata = { title: 'Your account · Identity Service' }

function when(d: Date | null): string {
  return d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—'
}

/** Whether a phone or email was proved by a code: only a proved one signs in by code (#21 item 7). */
function VerifiedBadge({ verified, field }: { verified: boolean; field: 'phone' | 'email' }) {
  return verified ? (
    <span className="ml-2 rounded bg-green-100 px-2 py-0.5 text-xs text-green-900" data-testid={`${field}-verified`}>
      verified
    </span>
  ) : (
    <span
      className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900"
      data-testid={`${field}-unverified`}
      title="Not used for sign-in by code until you confirm it with a code below"
    >
      not verified
    </span>
  )
}

export default async function AccountPage() {
  const { user, sessionId } = await requireUser('/account', { allowMustChange: true })
  const sessions = await listUserSessions(user.id)
  const factors = await listFactors(user.id)
  const factorRequired = policyRequires(await mfaPolicy(), await hasRole(user.id, ROLE_ADMIN))
  return (
    <Shell signedIn wide>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Your account</h1>
        <SignOutButton />
      </div>
      {user.passwordMustChange ? (
        <p role="alert" className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="must-change-password">
          Your password was set by an administrator. Choose a new password to go on.
        </p>
      ) : null}
      <div className="mt-6 grid gap-6">
        <Card title="Profile" id="profile">
          <dl className="grid grid-cols-[minmax(0,7rem)_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
            <dt className="text-slate-600">Name</dt>
            <dd className="break-all" data-testid="profile-name">
              {user.name}
            </dd>
            <dt className="text-slate-600">Phone</dt>
            <dd className="break-all">
              <span data-testid="profile-phone">{user.phone ?? 'none'}</span>
              {user.phone ? <VerifiedBadge field="phone" verified={isContactVerified(user, 'phone')} /> : null}
            </dd>
            <dt className="text-slate-600">Email</dt>
            <dd className="break-all">
              <span data-testid="profile-email">{user.email ?? 'none'}</span>
              {user.email ? <VerifiedBadge field="email" verified={isContactVerified(user, 'email')} /> : null}
            </dd>
            <dt className="text-slate-600">Member since</dt>
            <dd>
              <Time value={user.createdAt} />
            </dd>
          </dl>
        </Card>

        <Card title="Password" id="password">
          <ChangePasswordForm hasPassword={user.passwordHash !== null} passwordMin={config().PASSWORD_MIN_LENGTH} />
        </Card>

        <Card title="Second factors" id="factors">
          <FactorsSection
            factors={factors.map((f) => ({ id: f.id, kind: f.kind, name: f.name, added: when(f.createdAt), lastUsed: when(f.lastUsedAt) }))}
            recoveryLeft={await recoveryCodesLeft(user.id)}
            hasPassword={user.passwordHash !== null}
            required={factorRequired}
          />
        </Card>

        <div className="grid gap-6 md:grid-cols-2">
          <Card title={user.phone ? 'Change phone number' : 'Add a phone number'} id="phone">
            <BindForm channel="sms" current={user.phone} />
          </Card>
          <Card title={user.email ? 'Change email address' : 'Add an email address'} id="email">
            <BindForm channel="mail" current={user.email} />
          </Card>
        </div>

        <ConnectedApps userId={user.id} />

        <Card title="Where you are signed in" id="sessions">
          <p className="text-sm text-slate-700">Browsers and apps signed in to your account. Signing one out ends its tokens at once.</p>
          <ul className="mt-4 divide-y divide-slate-200" aria-label="Sessions">
            {sessions.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="session" data-client={s.client}>
                <div className="min-w-0 text-sm">
                  <p className="font-medium">
                    {sessionClientLabel(s.client)}
                    {s.clientGroup ? ` (${s.clientGroup})` : ''}
                    {s.id === sessionId ? <span className="ml-2 rounded bg-green-100 px-2 py-0.5 text-xs text-green-900">this browser</span> : null}
                  </p>
                  <p className="break-words text-slate-600">
                    {describeUserAgent(s.userAgent)} · IP {s.ip ?? 'unknown'} · last used {when(s.lastUsedAt)}
                  </p>
                </div>
                <form action={revokeSessionAction}>
                  <input type="hidden" name="sessionId" value={s.id} />
                  <Button type="submit" variant="danger" aria-label={`Sign out ${sessionClientLabel(s.client)} session, last used ${when(s.lastUsedAt)}`}>
                    Sign out
                  </Button>
                </form>
              </li>
            ))}
          </ul>
          <form action={revokeAllAction} className="mt-4">
            <Button type="submit" variant="danger">
              Sign out everywhere
            </Button>
          </form>
        </Card>
      </div>
    </Shell>
  )
}
