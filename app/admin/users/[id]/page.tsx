import Link from 'next/link'
import { headers } from 'next/headers'
import { auditLabel, pickLang } from '@/lib/core/audit-labels'
import { detailPairs } from '@/lib/admin/audit'
import { notFound } from 'next/navigation'
import { requireAdmin } from '@/lib/admin/guard'
import { sessionClientLabel } from '@/lib/dialects'
import { getUserDetail } from '@/lib/admin/users'
import { formatTime } from '@/lib/admin/format'
import { isActive } from '@/lib/core/rules'
import { config } from '@/lib/config'
import { ActionForm, ActionInput, SubmitButton } from '@/components/admin/action-form'
import { PageTitle, Panel, StatusBadge, Table, td, inputClass, labelClass } from '@/components/admin/ui'
import {
  addRoleAction,
  deleteUserAction,
  removeRoleAction,
  resetFactorsAction,
  resetPasswordAction,
  revokeSessionAction,
  setUserStatusAction,
  updateUserAction,
} from '../../actions'
import { deletedName } from '@/lib/core/user-admin'
import { listFactors } from '@/lib/core/factors'

export const dynamic = 'force-dynamic'

const sessionsEnd = (n: number) => (n === 0 ? 'They have no live session.' : `${n} live session${n === 1 ? '' : 's'} end${n === 1 ? 's' : ''} at once.`)

export default async function UserDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params
  const { user: me } = await requireAdmin(`/admin/users/${encodeURIComponent(raw)}`)
  const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN
  const d = Number.isFinite(id) ? await getUserDetail(id) : null
  if (!d) notFound()
  const { user } = d
  const lang = pickLang((await headers()).get('accept-language'))
  const factors = await listFactors(user.id)
  const missingRoles = d.allRoles.filter((r) => !d.roles.some((x) => x.id === r.id))
  const endSessions = sessionsEnd(d.sessions.length)
  const profile: [string, string][] = [
    ['ID', String(user.id)],
    ['UUID', user.uuid],
    ['Phone', user.phone ?? '—'],
    ['Email', user.email ?? '—'],
    ['Password', user.hasPassword ? (user.passwordMustChange ? 'temporary: must be changed at the next sign-in' : 'set') : 'none (SMS or WeChat only)'],
    ['WeChat openid', user.wechatOpenid ?? '—'],
    ['Created', formatTime(user.createdAt)],
    ['Last login', `${formatTime(user.lastLoginAt)}${user.lastLoginIp ? ` from ${user.lastLoginIp}` : ''}`],
    ['Sign-ins', String(user.visitCount)],
  ]
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/users" className="text-blue-700 underline">
          ← Users
        </Link>
      </p>
      <PageTitle>
        <span data-testid="user-name">{user.name}</span> <StatusBadge status={user.status} />
      </PageTitle>
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="Profile" id="profile">
          <dl className="grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
            {profile.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-600">{k}</dt>
                <dd className="break-all">{v}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-3 text-sm text-slate-700">Permissions: {d.permissions.map((p) => p.name).join(', ') || 'none'}</p>
        </Panel>

        <Panel title="Account" id="account">
          <ActionForm
            action={setUserStatusAction}
            id="status-form"
            className="flex flex-wrap items-center gap-3"
            confirm={isActive(user) ? `Disable ${user.name}? ${endSessions} They cannot sign in until enabled again.` : undefined}
            confirmLabel="Disable user"
          >
            <input type="hidden" name="userId" value={user.id} />
            <input type="hidden" name="status" value={isActive(user) ? 'disabled' : 'active'} />
            {isActive(user) ? (
              <>
                <p className="text-sm text-slate-700">Disabling signs them out everywhere at once and refuses new sign-ins.</p>
                <SubmitButton variant="danger" disabled={me.id === user.id}>
                  Disable user
                </SubmitButton>
              </>
            ) : (
              <SubmitButton>Enable user</SubmitButton>
            )}
          </ActionForm>
          <ActionForm
            action={resetPasswordAction}
            id="password-form"
            className="mt-4 flex flex-wrap items-end gap-3"
            confirm={`Set a new password for ${user.name}? ${endSessions}`}
            confirmLabel="Reset password"
            resetOnSuccess
          >
            <input type="hidden" name="userId" value={user.id} />
            <ActionInput
              name="password"
              label="New password"
              type="password"
              autoComplete="new-password"
              minLength={config().PASSWORD_MIN_LENGTH}
              required
              className="flex-1 basis-48"
            />
            <label className="inline-flex basis-full items-center gap-2 text-sm">
              <input type="checkbox" name="temporary" />
              Temporary: they must choose a new one at their next sign-in
            </label>
            <SubmitButton variant="secondary">Reset password</SubmitButton>
          </ActionForm>
        </Panel>

        <Panel title="Edit profile" id="edit">
          <ActionForm
            action={updateUserAction}
            id="edit-user"
            className="grid gap-3"
            confirm={`Save the profile of ${user.name}? A changed phone or email is not verified until they confirm it with a code.`}
            confirmLabel="Save profile"
          >
            <input type="hidden" name="userId" value={user.id} />
            <ActionInput name="name" label="Name" defaultValue={user.name} required />
            <ActionInput name="phone" label="Phone" type="tel" defaultValue={user.phone ?? ''} />
            <ActionInput name="email" label="Email" type="email" defaultValue={user.email ?? ''} />
            <div>
              <SubmitButton variant="secondary">Save profile</SubmitButton>
            </div>
          </ActionForm>
          {user.name !== deletedName(user.id) && me.id !== user.id ? (
            <ActionForm
              action={deleteUserAction}
              id="delete-user"
              className="mt-4 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4"
              confirm={`Delete ${user.name}? Their name, phone, email and password are removed and the account is disabled; ${endSessions} Their audit events are kept. This cannot be undone.`}
              confirmLabel="Delete user"
            >
              <input type="hidden" name="userId" value={user.id} />
              <p className="text-sm text-slate-700">Deleting removes their personal details for good; the audit log keeps their events.</p>
              <SubmitButton variant="danger">Delete user</SubmitButton>
            </ActionForm>
          ) : null}
        </Panel>

        <Panel title="Second factors" id="factors">
          <p className="text-sm text-slate-700" data-testid="user-factors">
            {factors.length === 0 ? 'None.' : factors.map((f) => `${f.name} (${f.kind === 'totp' ? 'authenticator app' : 'passkey'})`).join(', ')}
          </p>
          {factors.length > 0 ? (
            <ActionForm action={resetFactorsAction} id="factors-form" className="mt-3 flex flex-wrap items-center gap-3">
              <input type="hidden" name="userId" value={user.id} />
              <p className="text-sm text-slate-700">For a user who lost their phone and codes: removes every factor; they are told.</p>
              <SubmitButton variant="danger">Reset second factors</SubmitButton>
            </ActionForm>
          ) : null}
        </Panel>

        <Panel title="Roles" id="roles">
          <ul className="divide-y divide-slate-200" aria-label="Roles of this user">
            {d.roles.map((r) => (
              <li key={r.id} className="py-2">
                <ActionForm
                  action={removeRoleAction}
                  id={`remove-role-${r.id}`}
                  className="flex flex-wrap items-center justify-between gap-2"
                  confirm={`Remove role ${r.name} from ${user.name}? Their next token or login no longer carries it.`}
                  confirmLabel="Remove role"
                >
                  <span className="font-medium">{r.name}</span>
                  <input type="hidden" name="userId" value={user.id} />
                  <input type="hidden" name="role" value={r.name} />
                  <SubmitButton variant="danger" aria-label={`Remove role ${r.name}`}>
                    Remove
                  </SubmitButton>
                </ActionForm>
              </li>
            ))}
          </ul>
          {missingRoles.length ? (
            <ActionForm action={addRoleAction} id="add-role" className="mt-3 flex flex-wrap items-end gap-3">
              <input type="hidden" name="userId" value={user.id} />
              <div className="min-w-0 flex-1 basis-40">
                <label htmlFor="add-role-role" className={labelClass}>
                  Add a role
                </label>
                <select id="add-role-role" name="role" className={inputClass}>
                  <option value="">Choose a role</option>
                  {missingRoles.map((r) => (
                    <option key={r.id} value={r.name}>
                      {r.name}
                    </option>
                  ))}
                </select>
              </div>
              <SubmitButton variant="secondary">Add role</SubmitButton>
            </ActionForm>
          ) : null}
        </Panel>

        <Panel title="Live sessions" id="sessions">
          {d.sessions.length === 0 ? <p className="text-sm text-slate-600">No live sessions.</p> : null}
          <ul className="divide-y divide-slate-200" aria-label="Live sessions of this user">
            {d.sessions.map((s) => (
              <li key={s.id} className="py-2" data-testid="user-session">
                <ActionForm
                  action={revokeSessionAction}
                  id={`revoke-${s.id}`}
                  className="flex flex-wrap items-center justify-between gap-2"
                  confirm={`End ${user.name}'s ${sessionClientLabel(s.client)} session? Its tokens are refused from the next request on.`}
                  confirmLabel="End session"
                >
                  <span className="min-w-0 text-sm">
                    <span className="font-medium">{sessionClientLabel(s.client)}</span>
                    {s.clientGroup ? ` (${s.clientGroup})` : ''} · IP {s.ip ?? '—'} · last used {formatTime(s.lastUsedAt)}
                  </span>
                  <input type="hidden" name="sessionId" value={s.id} />
                  <SubmitButton variant="danger" aria-label={`Revoke ${sessionClientLabel(s.client)} session`}>
                    Revoke
                  </SubmitButton>
                </ActionForm>
              </li>
            ))}
          </ul>
        </Panel>
      </div>

      <div className="mt-4">
        <h2 className="mb-2 text-lg font-semibold">Recent audit events</h2>
        <Table label="Recent audit events" head={['Time', 'Event', 'By', 'Client', 'IP', 'Detail']} empty={d.audit.length === 0}>
          {d.audit.map((e) => (
            <tr key={e.id}>
              <td className={td}>{formatTime(e.createdAt)}</td>
              <td className={td} title={e.kind}>
                {auditLabel(e.kind, lang)}
              </td>
              <td className={td}>
                {e.actorId === null ? (
                  '—'
                ) : (
                  <Link href={`/admin/users/${e.actorId}`} className="text-blue-700 underline">
                    {e.actorId === user.id ? user.name : `#${e.actorId}`}
                  </Link>
                )}
              </td>
              <td className={td}>{e.client ?? '—'}</td>
              <td className={td}>{e.ip ?? '—'}</td>
              <td className={`${td} max-w-xs break-all text-xs`}>
                {detailPairs(e.detail)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join(' · ')}
              </td>
            </tr>
          ))}
        </Table>
        <p className="mt-2 text-sm">
          <Link className="text-blue-700 underline" href={`/admin/audit?user=%23${user.id}`}>
            All events of this user
          </Link>
        </p>
      </div>
    </>
  )
}
