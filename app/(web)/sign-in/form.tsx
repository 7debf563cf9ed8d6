'use client'
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useForm, useWatch } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { signIn } from 'next-auth/react'
import { useTranslations } from 'next-intl'
import { Field, FormError, PasswordField } from '@/components/field'
import { Button, NewCodeButton } from '@/components/button'
import { FormAlert } from '@/components/alert'
import { rememberResendDeadline, useCountdown } from '@/components/countdown'
import { normalizePhoneInput } from '@/lib/core/fields'
import { carryCodeToSignUp } from '../verify/carried-code'
import { useCaptcha } from '@/components/captcha'
import { CODE_LENGTH, CODE_TTL_MINUTES } from '@/lib/core/rules'
import { codeFailureKey, decodeSignInError, secondFactorTicketOf } from '@/lib/auth/messages'
import { useText } from '@/lib/i18n/use-text'
import { SecondFactorStep } from './second-factor'
import { PasskeySignIn } from './passkey'
import { codeSignInSchema, passwordSignInSchema, type CodeSignIn, type PasswordSignIn } from './schema'
import { sendSignInCode } from './actions'

const MODES = ['password', 'code'] as const
type Mode = (typeof MODES)[number]

/** The WAI-ARIA tabs pattern's keys: the arrows move to the next or previous tab (wrapping), Home and End to the first and last. */
function tabAfterKey(key: string, index: number, count: number): number | null {
  if (key === 'ArrowRight') return (index + 1) % count
  if (key === 'ArrowLeft') return (index - 1 + count) % count
  if (key === 'Home') return 0
  if (key === 'End') return count - 1
  return null
}

export function SignInForm({ next }: { next: string }) {
  const [mode, setMode] = useState<Mode>('password')
  // Set when the first step succeeded for an account with a second factor (#26).
  const [ticket, setTicket] = useState<string | null>(null)
  const finish = useFinish(next)
  const t = useTranslations('auth.signIn')
  const tabs = useRef<(HTMLButtonElement | null)[]>([])
  // Roving tabindex: only the selected tab is in the Tab order; the arrows move between tabs and select them.
  function onTabKey(e: KeyboardEvent<HTMLButtonElement>, index: number) {
    const next = tabAfterKey(e.key, index, MODES.length)
    if (next === null) return
    e.preventDefault()
    setMode(MODES[next])
    tabs.current[next]?.focus()
  }
  if (ticket) return <SecondFactorStep ticket={ticket} onDone={finish} onRestart={() => setTicket(null)} />
  return (
    <div>
      <div role="tablist" aria-label={t('tabsLabel')} className="grid grid-cols-2 rounded-md border border-slate-300 bg-white p-1 text-sm">
        {MODES.map((m, i) => (
          <button
            key={m}
            ref={(el) => {
              tabs.current[i] = el
            }}
            type="button"
            role="tab"
            id={`tab-${m}`}
            aria-selected={mode === m}
            aria-controls={`panel-${m}`}
            tabIndex={mode === m ? 0 : -1}
            onClick={() => setMode(m)}
            onKeyDown={(e) => onTabKey(e, i)}
            className={`rounded px-3 py-2 font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 ${mode === m ? 'bg-blue-700 text-white' : 'text-slate-800'}`}
          >
            {m === 'password' ? t('tabPassword') : t('tabCode')}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${mode}`} aria-labelledby={`tab-${mode}`} className="mt-6">
        {mode === 'password' ? <PasswordForm next={next} onSecondFactor={setTicket} /> : <CodeForm next={next} onSecondFactor={setTicket} />}
      </div>
      <PasskeySignIn onDone={finish} />
    </div>
  )
}

function useFinish(next: string) {
  const router = useRouter()
  return () => {
    router.replace(next)
    router.refresh()
  }
}

type StepProps = { next: string; onSecondFactor: (ticket: string) => void }

function PasswordForm({ next, onSecondFactor }: StepProps) {
  const { formMessage } = useText()
  const t = useTranslations('auth.signIn')
  const finish = useFinish(next)
  const form = useForm<PasswordSignIn>({ resolver: zodResolver(passwordSignInSchema), defaultValues: { login: '', password: '' } })
  const { errors, isSubmitting } = form.formState
  const onSubmit = form.handleSubmit(async (v) => {
    const res = await signIn('password', { login: v.login, password: v.password, redirect: false })
    if (res?.ok && !res.error) return finish()
    const ticket = secondFactorTicketOf(res?.error)
    if (ticket) return onSecondFactor(ticket)
    const { kind, retryAfter } = decodeSignInError(res?.error)
    form.setError('root', { message: formMessage(kind, retryAfter) })
  })
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-describedby={errors.root ? 'password-form-error' : undefined}>
      <FormError id="password-form-error" message={errors.root?.message} />
      <Field id="login" label={t('login')} autoComplete="username" error={errors.login?.message} registration={form.register('login')} />
      <PasswordField
        id="password"
        label={t('password')}
        autoComplete="current-password"
        error={errors.password?.message}
        registration={form.register('password')}
      />
      <Button type="submit" busy={isSubmitting} className="w-full">
        {t('submit')}
      </Button>
      <p className="text-sm">
        <Link href="/forgot-password" className="text-blue-700 underline">
          {t('forgot')}
        </Link>
      </p>
    </form>
  )
}

function CodeForm({ next, onSecondFactor }: StepProps) {
  const { formMessage } = useText()
  const t = useTranslations('auth.signIn')
  const finish = useFinish(next)
  const router = useRouter()
  const [sent, setSent] = useState(false)
  const [sending, setSending] = useState(false)
  // A right code for a number with no account (#24): the number, and the code that now signs it up.
  const [noAccount, setNoAccount] = useState<{ phone: string; code: string } | null>(null)
  const captcha = useCaptcha()
  const form = useForm<CodeSignIn>({ resolver: zodResolver(codeSignInSchema), defaultValues: { phone: '', code: '' } })
  const { errors, isSubmitting } = form.formState
  const phone = normalizePhoneInput(useWatch({ control: form.control, name: 'phone' }) ?? '')
  // The resend interval of this number survives a reload of the page.
  const [wait, setWait] = useCountdown(0, phone ? `login:sms:${phone}` : undefined)

  function signUpWithCode(carried: { phone: string; code: string }) {
    carryCodeToSignUp('sms', carried.phone, carried.code)
    if (wait > 0) rememberResendDeadline(`register:sms:${carried.phone}`, wait)
    router.push(`/verify?${new URLSearchParams({ channel: 'sms', target: carried.phone })}`)
  }

  async function send() {
    const ok = await form.trigger('phone')
    if (!ok) return
    setSending(true)
    const res = await sendSignInCode({ phone: form.getValues('phone'), altcha: captcha.payload })
    captcha.after(res)
    setSending(false)
    if (res.ok) {
      setSent(true)
      setWait(res.resendAfter)
      form.clearErrors(['phone', 'code'])
      form.setFocus('code')
    } else {
      if (res.retryAfter) setWait(res.retryAfter)
      form.setError(res.field === 'phone' ? 'phone' : 'root', { message: res.message }, { shouldFocus: true })
    }
  }

  const onSubmit = form.handleSubmit(async (v) => {
    setNoAccount(null)
    const res = await signIn('sms-code', { phone: v.phone, code: v.code, redirect: false })
    if (res?.ok && !res.error) return finish()
    const ticket = secondFactorTicketOf(res?.error)
    if (ticket) return onSecondFactor(ticket)
    const { kind, retryAfter, reason } = decodeSignInError(res?.error)
    if (kind === 'no_account') return setNoAccount({ phone: v.phone, code: v.code.trim() })
    if (kind === 'code_invalid') form.setError('code', { type: 'code_failure', message: codeFailureKey(reason) }, { shouldFocus: true })
    else form.setError('root', { message: formMessage(kind, retryAfter) })
  })

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-describedby={errors.root ? 'code-form-error' : undefined}>
      <FormError id="code-form-error" message={errors.root?.message} />
      {noAccount ? <NoAccountOffer phone={noAccount.phone} onSignUp={() => signUpWithCode(noAccount)} /> : null}
      <Field id="phone" label={t('phone')} type="tel" inputMode="tel" autoComplete="tel" error={errors.phone?.message} registration={form.register('phone')}>
        <Button variant="secondary" onClick={send} busy={sending} disabled={wait > 0}>
          {wait > 0 ? t('sendAgainIn', { seconds: wait }) : sent ? t('sendAgain') : t('sendCode')}
        </Button>
      </Field>
      {captcha.widget}
      {sent ? <FormAlert tone="info" message={t('codeSent', { minutes: CODE_TTL_MINUTES })} /> : null}
      <Field
        id="code"
        label={t('codeLabel', { codeLength: CODE_LENGTH })}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={CODE_LENGTH}
        error={errors.code?.message}
        errorAction={errors.code?.type === 'code_failure' ? <NewCodeButton wait={wait} busy={sending} onClick={send} /> : null}
        registration={form.register('code')}
      />
      <Button type="submit" busy={isSubmitting} className="w-full">
        {t('submit')}
      </Button>
    </form>
  )
}

/** There is no account with the number: say so, and offer sign-up with the code just typed (it stays valid for that). */
function NoAccountOffer({ phone, onSignUp }: { phone: string; onSignUp: () => void }) {
  const t = useTranslations('auth.signIn')
  const { formMessage } = useText()
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => ref.current?.focus(), [])
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      data-testid="no-account"
      className="space-y-2 rounded-md border border-blue-200 bg-blue-50 px-3 py-3 text-sm text-blue-950 outline-none"
    >
      <p className="font-medium">{formMessage('no_account')}</p>
      <p>{t('noAccountOffer', { phone })}</p>
      <Button onClick={onSignUp} className="w-full">
        {t('signUpWithCode')}
      </Button>
    </div>
  )
}
