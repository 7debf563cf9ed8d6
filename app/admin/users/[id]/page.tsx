import Link from 'next/link'
import type { ReactNode } from 'react'
import { getFormatter, getTranslations } from 'next-intl/server'
import { auditLabel } from '@/lib/admin/audit-labels'
import { getTranslate } from '@/lib/i18n/server'
import { Time } from '@/components/time'
import { detailPairs } from '@/lib/admin/audit'
import { notFound } from 'next/navigation'
import { requireAdmin } from '@/lib/admin/guard'
import { sessionClientLabel } from '@/lib/dialects'
import { getUserDetail } from '@/lib/admin/users'
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

export default async function UserDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params
  const { user: me } = await requireAdmin(`/admin/users/${encodeURIComponent(raw)}`)
  const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN
  const d = Number.isFinite(id) ? await getUserDetail(id) : null
  if (!d) notFound()
  const { user } = d
  const [t, tu, ta, ts, tr, format] = await Promise.all([
    getTranslations('admin.user'),
    getTranslations('admin.users'),
    getTranslations('admin.audit.head'),
    getTranslations('admin.sessions'),
    getTranslate(),
    getFormatter(),
  ])
  const factors = await listFactors(user.id)
  const missingRoles = d.allRoles.filter((r) => !d.roles.some((x) => x.id === r.id))
  const endSessions = d.sessions.length === 0 ? t('noSessions') : t('sessionsEnd', { n: d.sessions.length })
  const profile: [string, ReactNode][] = [
    [tu('id'), String(user.id)],
    [t('uuid'), user.uuid],
    [tu('phone'), user.phone ?? '—'],
    [tu('email'), user.email ?? '—'],
    [t('password'), user.hasPassword ? (user.passwordMustChange ? t('passwordTemporary') : t('passwordSet')) : t('passwordNone')],
    [t('wechat'), user.wechatOpenid ?? '—'],
    [tu('created'), <Time key="created" value={user.createdAt} />],
    [
      tu('lastLogin'),
      user.lastLoginIp && user.lastLoginAt ? (
        t.rich('lastLoginFrom', { ip: user.lastLoginIp, time: () => <Time value={user.lastLoginAt} /> })
      ) : (
        <Time key="last" value={user.lastLoginAt} />
      ),
    ],
    [t('signIns'), format.number(user.visitCount)],
  ]
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/users" className="text-blue-700 underline">
          {t('back')}
        </Link>
      </p>
      <PageTitle>
        <span data-testid="user-name">{user.name}</span> <StatusBadge status={user.status} />
      </PageTitle>
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title={t('profile')} id="profile">
          <dl className="grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
            {profile.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-600">{k}</dt>
                <dd className="break-all">{v}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-3 text-sm text-slate-700">{t('permissions', { list: d.permissions.map((p) => p.name).join(', ') || t('none') })}</p>
        </Panel>

        <Panel title={t('account')} id="account">
          <ActionForm
            action={setUserStatusAction}
            id="status-form"
            className="flex flex-wrap items-center gap-3"
            confirm={isActive(user) ? t('disableConfirm', { name: user.name, sessions: endSessions }) : undefined}
            confirmLabel={t('disable')}
          >
            <input type="hidden" name="userId" value={user.id} />
            <input type="hidden" name="status" value={isActive(user) ? 'disabled' : 'active'} />
            {isActive(user) ? (
              <>
                <p className="text-sm text-slate-700">{t('disableHint')}</p>
                <SubmitButton variant="danger" disabled={me.id === user.id}>
                  {t('disable')}
                </SubmitButton>
              </>
            ) : (
              <SubmitButton>{t('enable')}</SubmitButton>
            )}
          </ActionForm>
          <ActionForm
            action={resetPasswordAction}
            id="password-form"
            className="mt-4 flex flex-wrap items-end gap-3"
            confirm={t('resetConfirm', { name: user.name, sessions: endSessions })}
            confirmLabel={t('reset')}
            resetOnSuccess
          >
            <input type="hidden" name="userId" value={user.id} />
            <ActionInput
              name="password"
              label={t('newPassword')}
              type="password"
              autoComplete="new-password"
              minLength={config().PASSWORD_MIN_LENGTH}
              required
              className="flex-1 basis-48"
            />
            <label className="inline-flex basis-full items-center gap-2 text-sm">
              <input type="checkbox" name="temporary" />
              {t('temporary')}
            </label>
            <SubmitButton variant="secondary">{t('reset')}</SubmitButton>
          </ActionForm>
        </Panel>

        <Panel title={t('edit')} id="edit">
          <ActionForm
            action={updateUserAction}
            id="edit-user"
            className="grid gap-3"
            confirm={t('editConfirm', { name: user.name })}
            confirmLabel={t('saveProfile')}
          >
            <input type="hidden" name="userId" value={user.id} />
            <ActionInput name="name" label={tu('name')} defaultValue={user.name} required />
            <ActionInput name="phone" label={tu('phone')} type="tel" defaultValue={user.phone ?? ''} />
            <ActionInput name="email" label={tu('email')} type="email" defaultValue={user.email ?? ''} />
            <div>
              <SubmitButton variant="secondary">{t('saveProfile')}</SubmitButton>
            </div>
          </ActionForm>
          {user.name !== deletedName(user.id) && me.id !== user.id ? (
            <ActionForm
              action={deleteUserAction}
              id="delete-user"
              className="mt-4 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4"
              confirm={t('deleteConfirm', { name: user.name, sessions: endSessions })}
              confirmLabel={t('delete')}
            >
              <input type="hidden" name="userId" value={user.id} />
              <p className="text-sm text-slate-700">{t('deleteHint')}</p>
              <SubmitButton variant="danger">{t('delete')}</SubmitButton>
            </ActionForm>
          ) : null}
        </Panel>

        <Panel title={t('factors')} id="factors">
          <p className="text-sm text-slate-700" data-testid="user-factors">
            {factors.length === 0
              ? t('factorsNone')
              : format.list(factors.map((f) => t('factor', { name: f.name, kind: t(f.kind === 'totp' ? 'totp' : 'passkey') })))}
          </p>
          {factors.length > 0 ? (
            <ActionForm action={resetFactorsAction} id="factors-form" className="mt-3 flex flex-wrap items-center gap-3">
              <input type="hidden" name="userId" value={user.id} />
              <p className="text-sm text-slate-700">{t('factorsHint')}</p>
              <SubmitButton variant="danger">{t('factorsReset')}</SubmitButton>
            </ActionForm>
          ) : null}
        </Panel>

        <Panel title={t('roles')} id="roles">
          <ul className="divide-y divide-slate-200" aria-label={t('rolesLabel')}>
            {d.roles.map((r) => (
              <li key={r.id} className="py-2">
                <ActionForm
                  action={removeRoleAction}
                  id={`remove-role-${r.id}`}
                  className="flex flex-wrap items-center justify-between gap-2"
                  confirm={t('removeRoleConfirm', { role: r.name, name: user.name })}
                  confirmLabel={t('removeRole')}
                >
                  <span className="font-medium">{r.name}</span>
                  <input type="hidden" name="userId" value={user.id} />
                  <input type="hidden" name="role" value={r.name} />
                  <SubmitButton variant="danger" aria-label={t('removeRoleAria', { role: r.name })}>
                    {t('remove')}
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
                  {t('addRole')}
                </label>
                <select id="add-role-role" name="role" className={inputClass}>
                  <option value="">{t('chooseRole')}</option>
                  {missingRoles.map((r) => (
                    <option key={r.id} value={r.name}>
                      {r.name}
                    </option>
                  ))}
                </select>
              </div>
              <SubmitButton variant="secondary">{t('addRoleButton')}</SubmitButton>
            </ActionForm>
          ) : null}
        </Panel>

        <Panel title={t('sessions')} id="sessions">
          {d.sessions.length === 0 ? <p className="text-sm text-slate-600">{t('sessionsNone')}</p> : null}
          <ul className="divide-y divide-slate-200" aria-label={t('sessionsLabel')}>
            {d.sessions.map((s) => (
              <li key={s.id} className="py-2" data-testid="user-session">
                <ActionForm
                  action={revokeSessionAction}
                  id={`revoke-${s.id}`}
                  className="flex flex-wrap items-center justify-between gap-2"
                  confirm={ts('confirm', { name: user.name, client: sessionClientLabel(s.client) })}
                  confirmLabel={ts('end')}
                >
                  <span className="min-w-0 text-sm">
                    <span className="font-medium">{sessionClientLabel(s.client)}</span>
                    {s.clientGroup ? ` (${s.clientGroup})` : ''} · {t.rich('session', { ip: s.ip ?? '—', time: () => <Time value={s.lastUsedAt} /> })}
                  </span>
                  <input type="hidden" name="sessionId" value={s.id} />
                  <SubmitButton variant="danger" aria-label={t('revokeAria', { client: sessionClientLabel(s.client) })}>
                    {ts('revoke')}
                  </SubmitButton>
                </ActionForm>
              </li>
            ))}
          </ul>
        </Panel>
      </div>

      <div className="mt-4">
        <h2 className="mb-2 text-lg font-semibold">{t('audit')}</h2>
        <Table label={t('audit')} head={[ta('time'), ta('event'), ta('by'), ta('client'), ta('ip'), ta('detail')]} empty={d.audit.length === 0}>
          {d.audit.map((e) => (
            <tr key={e.id}>
              <td className={td}>
                <Time value={e.createdAt} />
              </td>
              <td className={td} title={e.kind}>
                {auditLabel(tr, e.kind)}
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
            {t('auditAll')}
          </Link>
        </p>
      </div>
    </>
  )
}
