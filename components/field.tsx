// A labelled input whose error text is tied to it (aria-describedby, aria-invalid), for
// react-hook-form: pass the result of register() as `registration`.
import type { InputHTMLAttributes, ReactNode } from 'react'
import type { UseFormRegisterReturn } from 'react-hook-form'
import { useText } from '@/lib/i18n/use-text'

type Props = {
  id: string
  label: string
  error?: string
  hint?: ReactNode
  registration?: UseFormRegisterReturn
  children?: ReactNode
  /** Shown under the error, only while there is one: what the person can do about it ("send a new code"). */
  errorAction?: ReactNode
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>

export function Field({ id, label, error: message, hint, registration, children, errorAction, className, ...input }: Props) {
  // A zod message or server answer is a catalogue key until here (lib/i18n/text.ts).
  const error = useText().text(message)
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="mt-1 flex flex-wrap gap-2">
        <input
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={`min-w-0 flex-1 basis-40 rounded-md border bg-white px-3 py-2 text-base shadow-sm outline-none focus:ring-2 focus:ring-blue-600 ${
            error ? 'border-red-600' : 'border-slate-300'
          }`}
          {...input}
          {...registration}
        />
        {children}
      </div>
      {hint ? (
        <p id={hintId} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {error && errorAction ? <div className="mt-1 text-sm">{errorAction}</div> : null}
    </div>
  )
}
