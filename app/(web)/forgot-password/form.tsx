'use client'
import { useState } from 'react'
import Link from 'next/link'
import { useForm, useWatch } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { useTranslations } from 'next-intl'
import { Field, FormError, PasswordField } from '@/components/field'
import { Button, NewCodeButton } from '@/components/button'
import { FormAlert } from '@/components/alert'
import { useCountdown } from '@/components/countdown'
import { useCaptcha } from '@/components/captcha'
import { CODE_LENGTH, CODE_TTL_MINUTES } from '@/lib/core/rules'
import { resetPasswordSchema, sendResetCodeSchema, type ResetPassword, type SendResetCode } from './schema'
import { resetWithCode, sendResetCode } from './actions'

type Sent = { channel: 'sms' | 'mail'; target: string; wait: number }

/** `passwordMin`: the server's PASSWORD_MIN_LENGTH, for the hint. */
export function ForgotPasswordForm({ passwordMin }: { passwordMin: number }) {
  const [sent, setSent] = useState<Sent | null>(null)
  const [done, setDone] = useState(false)
  const t = useTranslations('auth.forgot')
  if (done)
    return (
      <div className="space-y-4">
        <FormAlert tone="info" message={t('done')} />
        <Link href="/sign-in" className="inline-block rounded-md bg-blue-700 px-4 py-2 font-medium text-white">
          {t('signInNew')}
        </Link>
      </div>
    )
  if (!sent) return <TargetStep onSent={setSent} />
  return <ResetStep sent={sent} passwordMin={passwordMin} onBack={() => setSent(null)} onDone={() => setDone(true)} />
}

function TargetStep({ onSent }: { onSent: (s: Sent) => void }) {
  const t = useTranslations('auth.forgot')
  const captcha = useCaptcha()
  const form = useForm<SendResetCode>({ resolver: zodResolver(sendResetCodeSchema), defaultValues: { channel: 'sms', target: '' } })
  const { errors, isSubmitting } = form.formState
  const channel = useWatch({ control: form.control, name: 'channel' })
  const onSubmit = form.handleSubmit(async (v) => {
    const res = await sendResetCode({ ...v, altcha: captcha.payload })
    captcha.after(res)
    if (res.ok) onSent({ channel: v.channel, target: v.target, wait: res.resendAfter })
    else form.setError(res.field === 'target' ? 'target' : 'root', { message: res.message }, { shouldFocus: true })
  })
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError id="target-form-error" message={errors.root?.message} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">{t('channelLegend')}</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          <label className="inline-flex items-center gap-2">
            <input type="radio" value="sms" {...form.register('channel', { onChange: () => form.clearErrors('target') })} />
            {t('channelPhone')}
          </label>
          <label className="inline-flex items-center gap-2">
            <input type="radio" value="mail" {...form.register('channel', { onChange: () => form.clearErrors('target') })} />
            {t('channelEmail')}
          </label>
        </div>
      </fieldset>
      <Field
        id="target"
        label={channel === 'sms' ? t('phone') : t('email')}
        type={channel === 'sms' ? 'tel' : 'email'}
        inputMode={channel === 'sms' ? 'tel' : 'email'}
        autoComplete={channel === 'sms' ? 'tel' : 'email'}
        hint={t('targetHint')}
        error={errors.target?.message}
        registration={form.register('target')}
      />
      {captcha.widget}
      <Button type="submit" busy={isSubmitting} className="w-full">
        {t('sendCode')}
      </Button>
    </form>
  )
}

function ResetStep({ sent, passwordMin, onBack, onDone }: { sent: Sent; passwordMin: number; onBack: () => void; onDone: () => void }) {
  const t = useTranslations('auth.forgot')
  const [wait, setWait] = useCountdown(sent.wait, `reset:${sent.channel}:${sent.target}`)
  const [notice, setNotice] = useState<string | null>(null)
  const [resending, setResending] = useState(false)
  const captcha = useCaptcha()
  const form = useForm<ResetPassword>({
    resolver: zodResolver(resetPasswordSchema),
    defaultValues: { channel: sent.channel, target: sent.target, code: '', password: '', confirm: '' },
  })
  const { errors, isSubmitting } = form.formState

  async function resend() {
    setResending(true)
    const res = await sendResetCode({ channel: sent.channel, target: sent.target, altcha: captcha.payload })
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
    const res = await resetWithCode(v)
    if (res.ok) return onDone()
    const field = res.field === 'code' || res.field === 'password' || res.field === 'confirm' ? res.field : 'root'
    form.setError(field, { type: res.kind === 'code_invalid' ? 'code_failure' : 'server', message: res.message }, { shouldFocus: true })
  })

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-describedby={errors.root ? 'reset-form-error' : undefined}>
      <FormError id="reset-form-error" message={errors.root?.message} />
      <FormAlert tone="info" message={notice ?? t('sentIfKnown', { target: sent.target, codeLength: CODE_LENGTH, minutes: CODE_TTL_MINUTES })} />
      <Field
        id="code"
        label={t('codeLabel', { codeLength: CODE_LENGTH })}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={CODE_LENGTH}
        error={errors.code?.message}
        errorAction={errors.code?.type === 'code_failure' ? <NewCodeButton wait={wait} busy={resending} onClick={resend} /> : null}
        registration={form.register('code')}
      >
        <Button variant="secondary" onClick={resend} busy={resending} disabled={wait > 0}>
          {wait > 0 ? t('sendAgainIn', { seconds: wait }) : t('sendAgain')}
        </Button>
      </Field>
      {captcha.widget}
      <PasswordField
        id="password"
        label={t('newPassword')}
        autoComplete="new-password"
        policy={{ min: passwordMin }}
        error={errors.password?.message}
        registration={form.register('password')}
      />
      <Field
        id="confirm"
        label={t('newPasswordAgain')}
        type="password"
        autoComplete="new-password"
        error={errors.confirm?.message}
        registration={form.register('confirm')}
      />
      <Button type="submit" busy={isSubmitting} className="w-full">
        {t('submit')}
      </Button>
      <button type="button" onClick={onBack} className="text-sm text-blue-700 underline">
        {t('useAnother')}
      </button>
    </form>
  )
}
