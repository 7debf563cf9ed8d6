import { getTranslations } from 'next-intl/server'
import { requireAdmin } from '@/lib/admin/guard'
import { listPermissions, listRoles } from '@/lib/admin/roles'
import { ActionForm, ActionInput, SubmitButton } from '@/components/admin/action-form'
import { PageTitle, Panel } from '@/components/admin/ui'
import {
  createPermissionAction,
  createRoleAction,
  deletePermissionAction,
  deleteRoleAction,
  setRolePermissionsAction,
  updatePermissionAction,
  updateRoleAction,
} from '../actions'

export const dynamic = 'force-dynamic'

export default async function RolesPage() {
  await requireAdmin('/admin/roles')
  const [roles, permissions] = await Promise.all([listRoles(), listPermissions()])
  const [t, tu] = await Promise.all([getTranslations('admin.roles'), getTranslations('admin.ui')])
  return (
    <>
      <PageTitle sub={t('sub')}>{t('title')}</PageTitle>
      <div className="grid gap-4">
        {roles.map((r) => (
          <section
            key={r.id}
            aria-labelledby={`role-${r.id}-title`}
            className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
            data-testid="role"
            data-role={r.name}
          >
            <h2 id={`role-${r.id}-title`} className="text-lg font-semibold">
              {r.name} <span className="text-sm font-normal text-slate-600">· {t('users', { n: r.users })}</span>
            </h2>
            <ActionForm action={setRolePermissionsAction} id={`grants-${r.id}`} label={t('permissionsOf', { role: r.name })} className="mt-3">
              <input type="hidden" name="roleId" value={r.id} />
              <fieldset>
                <legend className="text-sm font-medium text-slate-800">{t('permissions')}</legend>
                <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                  {permissions.map((p) => (
                    <label key={p.id} className="inline-flex items-center gap-1 text-sm">
                      <input type="checkbox" name="permissionIds" value={p.id} defaultChecked={r.permissions.some((x) => x.id === p.id)} />
                      {p.name}
                    </label>
                  ))}
                </div>
              </fieldset>
              <div className="mt-2">
                <SubmitButton variant="secondary">{t('savePermissions')}</SubmitButton>
              </div>
            </ActionForm>
            <ActionForm
              action={updateRoleAction}
              id={`edit-role-${r.id}`}
              label={t('rename', { role: r.name })}
              className="mt-3 flex flex-wrap items-end gap-3"
            >
              <input type="hidden" name="id" value={r.id} />
              {r.protected ? (
                <input type="hidden" name="name" value={r.name} />
              ) : (
                <ActionInput name="name" label={t('name')} defaultValue={r.name} required className="basis-40" />
              )}
              <ActionInput name="description" label={t('description')} defaultValue={r.description} className="flex-1 basis-48" />
              <SubmitButton variant="secondary">{tu('save')}</SubmitButton>
            </ActionForm>
            {r.protected ? (
              <p className="mt-3 text-sm text-slate-600">{t('builtIn', { role: r.name })}</p>
            ) : (
              <ActionForm
                action={deleteRoleAction}
                id={`delete-role-${r.id}`}
                label={t('deleteLabel', { name: r.name })}
                className="mt-3 flex flex-wrap items-center gap-3"
                confirm={t('deleteConfirm', { role: r.name, holders: r.users === 0 ? t('holdersNone') : t('holders', { n: r.users }) })}
                confirmLabel={t('deleteRole')}
              >
                <input type="hidden" name="id" value={r.id} />
                {r.users > 0 ? (
                  <label className="inline-flex items-center gap-1 text-sm">
                    <input type="checkbox" name="cascade" />
                    {t('cascade', { n: r.users })}
                  </label>
                ) : null}
                <SubmitButton variant="danger">{t('deleteRole')}</SubmitButton>
              </ActionForm>
            )}
          </section>
        ))}

        <Panel title={t('newRole')} id="new-role">
          <ActionForm action={createRoleAction} id="create-role" className="flex flex-wrap items-end gap-3" resetOnSuccess>
            <ActionInput name="name" label={t('name')} placeholder="EDITOR" required className="basis-40" />
            <ActionInput name="description" label={t('description')} className="flex-1 basis-48" />
            <SubmitButton>{t('createRole')}</SubmitButton>
          </ActionForm>
        </Panel>

        <Panel title={t('permissions')} id="permissions">
          <ul className="divide-y divide-slate-200" aria-label={t('permissions')}>
            {permissions.map((p) => (
              <li key={p.id} className="py-3" data-testid="permission" data-permission={p.name}>
                <ActionForm
                  action={updatePermissionAction}
                  id={`edit-perm-${p.id}`}
                  label={t('edit', { name: p.name })}
                  className="flex flex-wrap items-end gap-3"
                >
                  <input type="hidden" name="id" value={p.id} />
                  <ActionInput name="name" label={t('name')} defaultValue={p.name} required className="basis-40" />
                  <ActionInput name="description" label={t('description')} defaultValue={p.description} className="flex-1 basis-48" />
                  <SubmitButton variant="secondary">{tu('save')}</SubmitButton>
                </ActionForm>
                <ActionForm
                  action={deletePermissionAction}
                  id={`delete-perm-${p.id}`}
                  label={t('deleteLabel', { name: p.name })}
                  className="mt-2 flex flex-wrap items-center gap-3"
                  confirm={t('permDeleteConfirm', { permission: p.name, holders: p.roles === 0 ? t('permHoldersNone') : t('permHolders', { n: p.roles }) })}
                  confirmLabel={t('deletePermission')}
                >
                  <input type="hidden" name="id" value={p.id} />
                  {p.roles > 0 ? (
                    <label className="inline-flex items-center gap-1 text-sm">
                      <input type="checkbox" name="cascade" />
                      {t('permCascade', { n: p.roles })}
                    </label>
                  ) : null}
                  <SubmitButton variant="danger">{t('deletePermission')}</SubmitButton>
                </ActionForm>
              </li>
            ))}
          </ul>
          <ActionForm action={createPermissionAction} id="create-permission" className="mt-3 flex flex-wrap items-end gap-3" resetOnSuccess>
            <ActionInput name="name" label={t('newPermission')} placeholder="reports:read" required className="basis-40" />
            <ActionInput name="description" label={t('description')} className="flex-1 basis-48" />
            <SubmitButton>{t('createPermission')}</SubmitButton>
          </ActionForm>
        </Panel>
      </div>
    </>
  )
}
