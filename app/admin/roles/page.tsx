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
  return (
    <>
      <PageTitle sub="Tokens and login payloads issued after a change carry the new roles and permissions.">Roles and permissions</PageTitle>
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
              {r.name}{' '}
              <span className="text-sm font-normal text-slate-600">
                · {r.users} user{r.users === 1 ? '' : 's'}
              </span>
            </h2>
            <ActionForm action={setRolePermissionsAction} id={`grants-${r.id}`} label={`Permissions of ${r.name}`} className="mt-3">
              <input type="hidden" name="roleId" value={r.id} />
              <fieldset>
                <legend className="text-sm font-medium text-slate-800">Permissions</legend>
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
                <SubmitButton variant="secondary">Save permissions</SubmitButton>
              </div>
            </ActionForm>
            <ActionForm action={updateRoleAction} id={`edit-role-${r.id}`} label={`Rename ${r.name}`} className="mt-3 flex flex-wrap items-end gap-3">
              <input type="hidden" name="id" value={r.id} />
              {r.protected ? (
                <input type="hidden" name="name" value={r.name} />
              ) : (
                <ActionInput name="name" label="Name" defaultValue={r.name} required className="basis-40" />
              )}
              <ActionInput name="description" label="Description" defaultValue={r.description} className="flex-1 basis-48" />
              <SubmitButton variant="secondary">Save</SubmitButton>
            </ActionForm>
            {r.protected ? (
              <p className="mt-3 text-sm text-slate-600">{r.name} is built in: it cannot be renamed or deleted.</p>
            ) : (
              <ActionForm
                action={deleteRoleAction}
                id={`delete-role-${r.id}`}
                label={`Delete ${r.name}`}
                className="mt-3 flex flex-wrap items-center gap-3"
                confirm={`Delete role ${r.name}? ${r.users === 0 ? 'No user holds it.' : `${r.users} user${r.users === 1 ? ' loses' : 's lose'} it.`}`}
                confirmLabel="Delete role"
              >
                <input type="hidden" name="id" value={r.id} />
                {r.users > 0 ? (
                  <label className="inline-flex items-center gap-1 text-sm">
                    <input type="checkbox" name="cascade" />
                    Also remove it from its {r.users} user{r.users === 1 ? '' : 's'}
                  </label>
                ) : null}
                <SubmitButton variant="danger">Delete role</SubmitButton>
              </ActionForm>
            )}
          </section>
        ))}

        <Panel title="New role" id="new-role">
          <ActionForm action={createRoleAction} id="create-role" className="flex flex-wrap items-end gap-3" resetOnSuccess>
            <ActionInput name="name" label="Name" placeholder="EDITOR" required className="basis-40" />
            <ActionInput name="description" label="Description" className="flex-1 basis-48" />
            <SubmitButton>Create role</SubmitButton>
          </ActionForm>
        </Panel>

        <Panel title="Permissions" id="permissions">
          <ul className="divide-y divide-slate-200" aria-label="Permissions">
            {permissions.map((p) => (
              <li key={p.id} className="py-3" data-testid="permission" data-permission={p.name}>
                <ActionForm action={updatePermissionAction} id={`edit-perm-${p.id}`} label={`Edit ${p.name}`} className="flex flex-wrap items-end gap-3">
                  <input type="hidden" name="id" value={p.id} />
                  <ActionInput name="name" label="Name" defaultValue={p.name} required className="basis-40" />
                  <ActionInput name="description" label="Description" defaultValue={p.description} className="flex-1 basis-48" />
                  <SubmitButton variant="secondary">Save</SubmitButton>
                </ActionForm>
                <ActionForm
                  action={deletePermissionAction}
                  id={`delete-perm-${p.id}`}
                  label={`Delete ${p.name}`}
                  className="mt-2 flex flex-wrap items-center gap-3"
                  confirm={`Delete permission ${p.name}? ${p.roles === 0 ? 'No role has it.' : `${p.roles} role${p.roles === 1 ? ' loses' : 's lose'} it.`}`}
                  confirmLabel="Delete permission"
                >
                  <input type="hidden" name="id" value={p.id} />
                  {p.roles > 0 ? (
                    <label className="inline-flex items-center gap-1 text-sm">
                      <input type="checkbox" name="cascade" />
                      Also revoke it from its {p.roles} role{p.roles === 1 ? '' : 's'}
                    </label>
                  ) : null}
                  <SubmitButton variant="danger">Delete permission</SubmitButton>
                </ActionForm>
              </li>
            ))}
          </ul>
          <ActionForm action={createPermissionAction} id="create-permission" className="mt-3 flex flex-wrap items-end gap-3" resetOnSuccess>
            <ActionInput name="name" label="New permission" placeholder="reports:read" required className="basis-40" />
            <ActionInput name="description" label="Description" className="flex-1 basis-48" />
            <SubmitButton>Create permission</SubmitButton>
          </ActionForm>
        </Panel>
      </div>
    </>
  )
}
