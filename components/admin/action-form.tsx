'use client'
// A dashboard form posting to a server action. With `confirm`, a dialog first says what will happen
// (how many sessions end, how many users lose a role) and nothing is sent until the admin confirms.
// The result is announced in the page's live region (components/admin/announcer.tsx) and focused;
// an error naming a field is also shown under the form and tied to that input (aria-describedby).
// On an error the form keeps what was typed; on success it is cleared (resetOnSuccess), and its
// message goes away as soon as the admin edits the form again.
import { createContext, useActionState, useContext, useRef, useState, useTransition, type ReactNode, type InputHTMLAttributes, type FormEvent } from 'react'
import type { AdminActionState } from '@/lib/admin/action-state'
import { useTranslations } from 'next-intl'
import { useAdminText } from '@/lib/admin/text'
import { useAnnounce } from './announcer'

type Action = (prev: AdminActionState, form: FormData) => Promise<AdminActionState>

const StateContext = createContext<{ state: AdminActionState; formId: string; pending: boolean }>({ state: null, formId: '', pending: false })

export function ActionForm({
  action,
  id,
  children,
  className = '',
  label,
  confirm,
  confirmLabel,
  resetOnSuccess = false,
  countField,
}: {
  action: Action
  id: string
  children: ReactNode
  className?: string
  label?: string
  /** What the action will do, asked before it is sent (destructive actions), in words; `{n}`: how many `countField` values are sent. */
  confirm?: string
  countField?: string
  confirmLabel?: string
  resetOnSuccess?: boolean
}) {
  const [sent, setState] = useState<AdminActionState>(null)
  const [pending, startTransition] = useTransition()
  // Before the page is hydrated (or without JavaScript) the form posts to the server action the
  // plain way, without the confirmation: its answer comes back as `posted`.
  const [posted, formAction] = useActionState(action, null)
  const state = sent ?? posted
  const [asking, setAsking] = useState<FormData | null>(null)
  const question = confirm && countField ? confirm.replaceAll('{n}', String(asking?.getAll(countField).length ?? 0)) : confirm
  const dialog = useRef<HTMLDialogElement>(null)
  const formRef = useRef<HTMLFormElement>(null)
  const announce = useAnnounce()
  const t = useTranslations('admin.form')
  const text = useAdminText()

  function send(data: FormData) {
    startTransition(async () => {
      const result = await action(state, data)
      setState(result)
      announce(result)
      if (result?.ok && resetOnSuccess) formRef.current?.reset()
    })
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const data = new FormData(e.currentTarget)
    if (confirm) {
      setAsking(data)
      dialog.current?.showModal()
    } else send(data)
  }

  function answer(yes: boolean) {
    dialog.current?.close()
    if (yes && asking) send(asking)
    setAsking(null)
  }

  return (
    <StateContext.Provider value={{ state, formId: id, pending }}>
      <form
        ref={formRef}
        action={formAction}
        onSubmit={onSubmit}
        onInput={() => state?.ok && setState(null)}
        id={id}
        aria-label={label}
        className={className}
        noValidate
      >
        {children}
        {state?.reauth ? (
          // The action asked the admin to confirm with their password, or their app's code (an old sign-in, #21 item 10, #26).
          <div className="basis-full">
            <ActionInput name="reauthPassword" label={t('reauth')} type="password" autoComplete="current-password" required />
          </div>
        ) : null}
        {state ? (
          <p
            id={`${id}-result`}
            data-testid="action-result"
            className={`mt-2 basis-full rounded-md border px-3 py-2 text-sm ${state.ok ? 'border-green-300 bg-green-50 text-green-900' : 'border-red-300 bg-red-50 text-red-800'}`}
          >
            {text(state)}
          </p>
        ) : null}
      </form>
      {confirm ? (
        <dialog
          ref={dialog}
          aria-labelledby={`${id}-confirm-text`}
          onCancel={() => setAsking(null)}
          className="m-auto max-w-md rounded-lg border border-slate-300 p-4 shadow-lg backdrop:bg-slate-900/40"
          data-testid="confirm-dialog"
        >
          <p id={`${id}-confirm-text`} className="text-base text-slate-900">
            {question}
          </p>
          <div className="mt-4 flex flex-wrap justify-end gap-3">
            <button type="button" onClick={() => answer(false)} className={`${buttonBase} ${styles.secondary}`} autoFocus>
              {t('cancel')}
            </button>
            <button type="button" onClick={() => answer(true)} className={`${buttonBase} ${styles.danger}`}>
              {confirmLabel ?? t('confirm')}
            </button>
          </div>
        </dialog>
      ) : null}
    </StateContext.Provider>
  )
}

const buttonBase =
  'inline-flex items-center justify-center rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2'
const styles = {
  primary: 'bg-blue-700 text-white hover:bg-blue-800 disabled:bg-blue-400',
  secondary: 'border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 disabled:text-slate-400',
  danger: 'border border-red-300 bg-white text-red-800 hover:bg-red-50 disabled:text-red-300',
}

export function SubmitButton({
  children,
  variant = 'primary',
  disabled,
  ...rest
}: {
  children: ReactNode
  variant?: 'primary' | 'secondary' | 'danger'
  disabled?: boolean
  'aria-label'?: string
}) {
  const { pending } = useContext(StateContext)
  return (
    <button type="submit" disabled={pending || disabled} aria-busy={pending || undefined} className={`${buttonBase} ${styles[variant]}`} {...rest}>
      {children}
    </button>
  )
}

/** A labelled input; an error the action names for it appears under it and is announced with it. */
export function ActionInput({ name, label, className = '', ...input }: { name: string; label: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>) {
  const { state, formId } = useContext(StateContext)
  const id = `${formId}-${name}`
  const text = useAdminText()
  const error = state && !state.ok && state.field === name ? text(state) : undefined
  return (
    <div className={`min-w-0 ${className}`}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${formId}-result` : undefined}
        className={`mt-1 w-full min-w-0 rounded-md border bg-white px-3 py-2 text-base shadow-sm outline-none focus:ring-2 focus:ring-blue-600 ${error ? 'border-red-600' : 'border-slate-300'}`}
        {...input}
      />
    </div>
  )
}
