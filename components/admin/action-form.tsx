'use client'
// A dashboard form posting to a server action (works without JavaScript too). The action's answer
// is announced under the form; an error naming a field is tied to that input (aria-describedby).
import { createContext, useActionState, useContext, type ReactNode, type InputHTMLAttributes } from 'react'
import { useFormStatus } from 'react-dom'
import type { AdminActionState } from '@/lib/admin/action-state'

type Action = (prev: AdminActionState, form: FormData) => Promise<AdminActionState>

const StateContext = createContext<{ state: AdminActionState; formId: string }>({ state: null, formId: '' })

export function ActionForm({
  action,
  id,
  children,
  className = '',
  label,
}: {
  action: Action
  id: string
  children: ReactNode
  className?: string
  label?: string
}) {
  const [state, formAction] = useActionState(action, null)
  return (
    <StateContext.Provider value={{ state, formId: id }}>
      <form action={formAction} id={id} aria-label={label} className={className} noValidate>
        {children}
        {state?.reauth ? (
          // The action asked the admin to confirm with their password, or their app's code (an old sign-in, #21 item 10, #26).
          <div className="basis-full">
            <ActionInput
              name="reauthPassword"
              label="Your password, to confirm (or, with an authenticator app, its code)"
              type="password"
              autoComplete="current-password"
              required
            />
          </div>
        ) : null}
        <div aria-live="polite" className="basis-full">
          {state ? (
            <p
              id={`${id}-result`}
              role={state.ok ? 'status' : 'alert'}
              data-testid="action-result"
              className={`mt-2 rounded-md border px-3 py-2 text-sm ${state.ok ? 'border-green-300 bg-green-50 text-green-900' : 'border-red-300 bg-red-50 text-red-800'}`}
            >
              {state.message}
            </p>
          ) : null}
        </div>
      </form>
    </StateContext.Provider>
  )
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
  const { pending } = useFormStatus()
  const styles = {
    primary: 'bg-blue-700 text-white hover:bg-blue-800 disabled:bg-blue-400',
    secondary: 'border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 disabled:text-slate-400',
    danger: 'border border-red-300 bg-white text-red-800 hover:bg-red-50 disabled:text-red-300',
  }
  return (
    <button
      type="submit"
      disabled={pending || disabled}
      aria-busy={pending || undefined}
      className={`inline-flex items-center justify-center rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2 ${styles[variant]}`}
      {...rest}
    >
      {children}
    </button>
  )
}

/** A labelled input; an error the action names for it appears under it and is announced with it. */
export function ActionInput({ name, label, className = '', ...input }: { name: string; label: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>) {
  const { state, formId } = useContext(StateContext)
  const id = `${formId}-${name}`
  const error = state && !state.ok && state.field === name ? state.message : undefined
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
