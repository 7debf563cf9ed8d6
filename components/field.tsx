'use client'
// A labelled input whose error text is tied to it (aria-describedby, aria-invalid), for
// react-hook-form: pass the result of register() as `registration`.
import { useEffect, useRef, useState, type InputHTMLAttributes, type ReactNode } from 'react'
import type { UseFormRegisterReturn } from 'react-hook-form'
import { useTranslations } from 'next-intl'
import { useText } from '@/lib/i18n/use-text'
import { checkNewPassword } from '@/lib/auth/password-check'
import { FormAlert } from './alert'

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

type PasswordProps = Omit<Props, 'type' | 'hint' | 'children'> & {
  /** For a new password: the policy shown while typing, with the shortest length the server takes. */
  policy?: { min: number }
}

/**
 * A password input with a show-password toggle (a button with aria-pressed) and, for a new
 * password, the policy while typing: the length rule, and a warning when the core's policy counts
 * the password as common (asked of the server a moment after typing stops: the list stays there).
 */
export function PasswordField({ policy, registration, ...props }: PasswordProps) {
  const t = useTranslations('auth.password')
  const [shown, setShown] = useState(false)
  const [typed, setTyped] = useState('')
  const common = useCommonCheck(policy ? typed : '')
  const onChange: UseFormRegisterReturn['onChange'] = async (e) => {
    setTyped((e.target as HTMLInputElement).value)
    return registration?.onChange(e)
  }
  const long = [...typed].length >= (policy?.min ?? 0)
  const hint = policy ? (
    <span className="block">
      <span className="sr-only">{t('rules')}: </span>
      <span className={`block ${typed && long ? 'text-green-800' : ''}`}>
        {typed && long ? '✓ ' : '· '}
        {t('ruleMin', { min: policy.min })}
        {typed && long ? <span className="sr-only">{t('met')}</span> : null}
      </span>
      <span className="block">· {t('ruleCommon')}</span>
      {common ? (
        <span className="mt-1 block font-medium text-amber-800" data-testid="password-common">
          {t('common')}
        </span>
      ) : null}
    </span>
  ) : undefined
  return (
    <Field {...props} type={shown ? 'text' : 'password'} hint={hint} registration={registration ? { ...registration, onChange } : undefined}>
      <button
        type="button"
        aria-pressed={shown}
        aria-controls={props.id}
        onClick={() => setShown(!shown)}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600"
      >
        {t('show')}
      </button>
    </Field>
  )
}

/** Whether the server's policy counts `password` as common, asked 400 ms after it last changed. */
function useCommonCheck(password: string): boolean {
  const [answer, setAnswer] = useState<{ password: string; common: boolean } | null>(null)
  useEffect(() => {
    if (!password) return
    let live = true
    const timer = setTimeout(() => {
      void checkNewPassword({ password }).then((r) => {
        if (live) setAnswer({ password, common: r.common })
      })
    }, 400)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [password])
  return answer?.password === password && answer.common
}

/**
 * A message about the whole form (a server's answer that names no field), taking the focus when it
 * appears, as a field's error does after a client check: the person hears and sees it at once.
 */
export function FormError({ id, message }: { id: string; message?: string | null }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (message) ref.current?.focus()
  }, [message])
  return (
    <div ref={ref} tabIndex={-1} className="rounded-md outline-none focus-visible:ring-2 focus-visible:ring-blue-600">
      <FormAlert id={id} message={message} />
    </div>
  )
}
