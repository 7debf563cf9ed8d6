'use client'
import { useEffect, useState } from 'react'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { signIn } from 'next-auth/react'
import { useTranslations } from 'next-intl'
import { Field, FormError, PasswordField } from '@/components/field'
import { Button, NewCodeButton } from '@/components/button'
import { FormAlert } from '@/components/alert'
import { useCountdown } from '@/components/countdown'
import { useCaptcha } from '@/components/captcha'
import { CODE_LENGTH, CODE_TTL_MINUTES } from '@/lib/core/rules'
import { codeFailureKey, decodeSignInError } from '@/lib/auth/messages'
import { useText } from '@/lib/i18n/use-text'
import { checkCodeSchema, detailsSchema, type CheckCode, type Details } from './schema'
import { checkSignUpCode, resendSignUpCode } from './actions'
import { ConsentCheckbox, type Documents } from './consent'
import { takeCarriedCode } from './carried-code'

type Props = { channel: 'sms' | 'mail'; target: string; initialWait: number }

/** `passwordMin`: the server's PASSWORD_MIN_LENGTH, for the hint (the schema checks only the PASSWORD_MIN floor in the browser). */
export function VerifyForm({ channel, target, initialWait, passwordMin, documents }: Props & { passwordMin: number; documents: Documents }) {
  const [code, setCode] = useState<string | null>(null)
  const [codeError, setCodeError] = useState<string | undefined>()
  // Come from the SMS sign-in with a right code for a number with no account (#24): that code signs up.
  useEffect(() => {
    const t = setTimeout(() => {
      const carried = takeCarriedCode(channel, target)
      if (carried) setCode(carried)
    }, 0)
    return () => clearTimeout(t)
  }, [channel, target])
  if (code === null) return <CodeStep channel={channel} target={target} initialWait={initialWait} initialError={codeError} onChecked={setCode} />
  return (
    <DetailsStep
      channel={channel}
      target={target}
      code={code}
      passwordMin={passwordMin}
      documents={documents}
      onCodeRejected={(message) => {
        setCodeError(message)
        setCode(null)
      }}
    />
  )
}

function CodeStep({ channel, target, initialWait, initialError, onChecked }: Props & { initialError?: string; onChecked: (code: string) => void }) {
  const t = useTranslations('auth.verify')
  const [wait, setWait] = useCountdown(initialWait, `register:${channel}:${target}`)
  const [notice, setNotice] = useState<string | null>(null)
  const [resending, setResending] = useState(false)
  const captcha = useCaptcha()
  const form = useForm<CheckCode>({
    resolver: zodResolver(checkCodeSchema),
    defaultValues: { channel, target, code: '' },
    errors: initialError ? { code: { type: 'code_failure', message: initialError } } : undefined,
  })
  const { errors, isSubmitting } = form.formState

  async function resend() {
    setResending(true)
    const res = await resendSignUpCode({ channel, target, altcha: captcha.payload })
    captcha.after(res)
    setResending(false)
    if (res.ok) {
      setWait(res.resendAfter)
      setNotice(t('resent'))
      form.clearErrors('code')
    } else {
      if (res.retryAfter) setWait(res.retryAfter)
      form.setError('root', { message: res.message })
    }
  }

  const onSubmit = form.handleSubmit(async (v) => {
    const res = await checkSignUpCode(v)
    if (res.ok) onChecked(v.code.trim())
    else if (res.kind === 'code_invalid') form.setError('code', { type: 'code_failure', message: res.message }, { shouldFocus: true })
    else form.setError(res.field === 'code' ? 'code' : 'root', { message: res.message }, { shouldFocus: true })
  })

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <p className="text-slate-700">
        {t.rich('sentTo', { minutes: CODE_TTL_MINUTES, target: () => <strong className="break-all">{target}</strong> })}{' '}
        <Link href={`/sign-up?${new URLSearchParams({ channel, target })}`} className="text-blue-700 underline">
          {t('change')}
        </Link>
      </p>
      <FormError id="code-step-error" message={errors.root?.message} />
      <FormAlert tone="info" message={notice} />
      <Field
        id="code"
        label={t('codeLabel', { codeLength: CODE_LENGTH })}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={CODE_LENGTH}
        autoFocus
        error={errors.code?.message}
        errorAction={errors.code?.type === 'code_failure' ? <NewCodeButton wait={wait} busy={resending} onClick={resend} /> : null}
        registration={form.register('code')}
      />
      {captcha.widget}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" busy={isSubmitting} className="flex-1">
          {t('continue')}
        </Button>
        <Button variant="secondary" onClick={resend} busy={resending} disabled={wait > 0}>
          {wait > 0 ? t('resendIn', { seconds: wait }) : t('resend')}
        </Button>
      </div>
    </form>
  )
}

function DetailsStep({
  channel,
  target,
  code,
  passwordMin,
  documents,
  onCodeRejected,
}: {
  channel: 'sms' | 'mail'
  target: string
  code: string
  passwordMin: number
  documents: Documents
  onCodeRejected: (message: string) => void
}) {
  const { formMessage } = useText()
  const t = useTranslations('auth.verify')
  const router = useRouter()
  const form = useForm<Details>({ resolver: zodResolver(detailsSchema), defaultValues: { name: '', password: '', confirm: '', consent: false } })
  const { errors, isSubmitting } = form.formState

  const onSubmit = form.handleSubmit(async (v) => {
    const res = await signIn('sign-up', { channel, target, code, name: v.name, password: v.password, consent: String(v.consent), redirect: false })
    if (res?.ok && !res.error) {
      router.replace('/account')
      router.refresh()
      return
    }
    const { kind, retryAfter, reason } = decodeSignInError(res?.error)
    const message = kind === 'code_invalid' ? codeFailureKey(reason) : formMessage(kind, retryAfter)
    if (kind === 'name_taken') form.setError('name', { message }, { shouldFocus: true })
    else if (kind === 'password_too_short' || kind === 'password_too_common') form.setError('password', { message }, { shouldFocus: true })
    else if (kind === 'code_invalid') onCodeRejected(message)
    else form.setError('root', { message })
  })

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <p className="text-slate-700">{t('accepted')}</p>
      <FormError id="details-error" message={errors.root?.message} />
      <Field
        id="name"
        label={t('name')}
        autoComplete="username"
        autoFocus
        hint={t('nameHint')}
        error={errors.name?.message}
        registration={form.register('name')}
      />
      <PasswordField
        id="password"
        label={t('password')}
        autoComplete="new-password"
        policy={{ min: passwordMin }}
        error={errors.password?.message}
        registration={form.register('password')}
      />
      <Field
        id="confirm"
        label={t('passwordAgain')}
        type="password"
        autoComplete="new-password"
        error={errors.confirm?.message}
        registration={form.register('confirm')}
      />
      <ConsentCheckbox documents={documents} error={errors.consent?.message} registration={form.register('consent')} />
      <Button type="submit" busy={isSubmitting} className="w-full">
        {t('create')}
      </Button>
    </form>
  )
}
