import Link from 'next/link'
import { notFound } from 'next/navigation'
import { requireAdmin } from '@/lib/admin/guard'
import { sessionClientLabel } from '@/lib/dialects'
import { getUserDetail } from '@/lib/admin/users'
import { formatTime } from '@/lib/admin/format'
import { isActive } from '@/lib/core/rules'
import { config } from '@/lib/config'
import { ActionForm, ActionInput, SubmitButton } from '@/components/admin/action-form'
import { PageTitle, Panel, StatusBadge, Table, td, inputClass, labelClass } from '@/components/admin/ui'
import { addRoleAction, removeRoleAction, resetFactorsAction, resetPasswordAction, revokeSessionAction, setUserStatusAction } from '../../actions'
import { listFactors } from '@/lib/core/factors'

export const dynamic = 'force-dynamic'

export default async function UserDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params
  const { user: me } = await requireAdmin(`/admin/users/${encodeURIComponent(raw)}`)
  const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN
  const d = Number.isFinite(id) ? await getUserDetail(id) : null
  if (!d) notFound()
  const { user } = d
  const factors = await listFactors(user.id)
  const missingRoles = d.allRoles.filter((r) => !d.roles.some((x) => x.id === r.id))
  const profile: [string, string][] = [
    ['ID', String(user.id)],
    ['UUID', user.uuid],
    ['Phone', user.phone ?? '—'],
    ['Email', user.email ?? '—'],
    ['Password', user.hasPassword ? 'set' : 'none (SMS or WeChat only)'],
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
          <ActionForm action={setUserStatusAction} id="status-form" className="flex flex-wrap items-center gap-3">
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
          <ActionForm action={resetPasswordAction} id="password-form" className="mt-4 flex flex-wrap items-end gap-3">
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
            <SubmitButton variant="secondary">Reset password</SubmitButton>
          </ActionForm>
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
                <ActionForm action={removeRoleAction} id={`remove-role-${r.id}`} className="flex flex-wrap items-center justify-between gap-2">
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
                <ActionForm action={revokeSessionAction} id={`revoke-${s.id}`} className="flex flex-wrap items-center justify-between gap-2">
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
              <td className={td}>{e.kind}</td>
              <td className={td}>{e.actorId ?? '—'}</td>
              <td className={td}>{e.client ?? '—'}</td>
              <td className={td}>{e.ip ?? '—'}</td>
              <td className={`${td} max-w-xs break-all`}>{e.detail ?? ''}</td>
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
