'use client'
import { useRouter } from 'next/navigation'
import { useForm, useWatch } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { useTranslations } from 'next-intl'
import { Field, FormError } from '@/components/field'
import { Button } from '@/components/button'
import { useCaptcha } from '@/components/captcha'
import { rememberResendDeadline } from '@/components/countdown'
import { sendSignUpCodeSchema, type SendSignUpCode } from './schema'
import { sendSignUpCode } from './actions'

/** `initial`: the number or address to change, when the person came back from the verify step. */
export function SignUpForm({ initial }: { initial?: { channel: 'sms' | 'mail'; target: string } }) {
  const router = useRouter()
  const t = useTranslations('auth.signUp')
  const form = useForm<SendSignUpCode>({ resolver: zodResolver(sendSignUpCodeSchema), defaultValues: initial ?? { channel: 'sms', target: '' } })
  const { errors, isSubmitting } = form.formState
  const channel = useWatch({ control: form.control, name: 'channel' })
  const captcha = useCaptcha()

  const onSubmit = form.handleSubmit(async (v) => {
    const res = await sendSignUpCode({ ...v, altcha: captcha.payload })
    captcha.after(res)
    if (res.ok) {
      rememberResendDeadline(`register:${res.channel}:${res.target}`, res.resendAfter)
      const q = new URLSearchParams({ channel: res.channel, target: res.target, wait: String(res.resendAfter) })
      router.push(`/verify?${q}`)
    } else {
      form.setError(res.field === 'target' ? 'target' : 'root', { message: res.message }, { shouldFocus: true })
    }
  })

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError id="sign-up-error" message={errors.root?.message} />
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
      {channel === 'sms' ? (
        <Field
          key="sms"
          id="target"
          label={t('phone')}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          hint={t('phoneHint')}
          error={errors.target?.message}
          registration={form.register('target')}
        />
      ) : (
        <Field
          key="mail"
          id="target"
          label={t('email')}
          type="email"
          autoComplete="email"
          error={errors.target?.message}
          registration={form.register('target')}
        />
      )}
      {captcha.widget}
      <Button type="submit" busy={isSubmitting} className="w-full">
        {t('sendCode')}
      </Button>
    </form>
  )
}
