'use client'
import { useState } from 'react'
import { useRouter } from 'next/navigation'
import { useForm, type UseFormReturn } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { signOut } from 'next-auth/react'
import { useTranslations } from 'next-intl'
import { Field } from '@/components/field'
import { Button } from '@/components/button'
import { FormAlert } from '@/components/alert'
import { useCountdown } from '@/components/countdown'
import { useCaptcha } from '@/components/captcha'
import { CODE_LENGTH } from '@/lib/core/rules'
import { useText } from '@/lib/i18n/use-text'
import { bindSchema, changePasswordSchema, removeContactSchema, renameSchema, type Bind, type ChangePassword, type RemoveContact, type Rename } from './schema'
import { bindAction, changePasswordAction, removeContactAction, renameAction, sendBindCodeAction, sendReauthCodeAction } from './actions'

export type Reauth = { method: 'password' | 'code' | 'factor'; to?: string }
export type ReauthValues = { reauthPassword?: string; reauthCode?: string }

/**
 * Shown once the server answered that the sign-in is too old (#21 item 10): the password, or for an
 * account without one a code sent to its own phone or email. The form is then submitted again.
 */
export function ReauthFields({ reauth, form, prefix }: { reauth: Reauth; form: UseFormReturn<ReauthValues>; prefix: string }) {
  const [wait, setWait] = useCountdown(0)
  const [sending, setSending] = useState(false)
  const [sent, setSent] = useState(false)
  const t = useTranslations('account')
  const errors = form.formState.errors
  if (reauth.method === 'password') {
    return (
      <Field
        id={`${prefix}-reauth-password`}
        label={t('reauth.password')}
        type="password"
        autoComplete="current-password"
        error={errors.reauthPassword?.message}
        registration={form.register('reauthPassword')}
      />
    )
  }
  if (reauth.method === 'factor') {
    return (
      <Field
        id={`${prefix}-reauth-factor`}
        label={t('reauth.factor')}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={CODE_LENGTH}
        error={errors.reauthCode?.message}
        registration={form.register('reauthCode')}
      />
    )
  }
  async function send() {
    setSending(true)
    const res = await sendReauthCodeAction()
    setSending(false)
    if (res.ok) {
      setSent(true)
      setWait(res.resendAfter)
    } else {
      if (res.retryAfter) setWait(res.retryAfter)
      form.setError('reauthCode', { message: res.message })
    }
  }
  return (
    <Field
      id={`${prefix}-reauth-code`}
      label={t('reauth.code', { to: reauth.to ?? t('reauth.yourContact') })}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={CODE_LENGTH}
      error={errors.reauthCode?.message}
      registration={form.register('reauthCode')}
    >
      <Button variant="secondary" onClick={send} busy={sending} disabled={wait > 0}>
        {wait > 0 ? t('code.sendAgainIn', { seconds: wait }) : t(sent ? 'code.sendAgain' : 'code.send')}
      </Button>
    </Field>
  )
}

/** Applies a failed answer that concerns re-authentication; true if it did. */
export function applyReauth(
  res: { kind: string; message: string; reauth?: Reauth },
  form: UseFormReturn<ReauthValues>,
  setReauth: (r: Reauth) => void,
): boolean {
  if (!res.reauth) return false
  setReauth(res.reauth)
  const field = res.reauth.method === 'password' ? 'reauthPassword' : 'reauthCode'
  form.setError(res.kind === 'reauth_required' ? 'root' : field, { message: res.message })
  return true
}

/** `passwordMin`: the server's PASSWORD_MIN_LENGTH (the schema checks only the PASSWORD_MIN floor in the browser). */
export function ChangePasswordForm({ hasPassword, passwordMin }: { hasPassword: boolean; passwordMin: number }) {
  const [done, setDone] = useState(false)
  const [reauth, setReauth] = useState<Reauth | null>(null)
  const t = useTranslations('account.password')
  const form = useForm<ChangePassword>({ resolver: zodResolver(changePasswordSchema), defaultValues: { current: '', password: '', confirm: '' } })
  const { errors, isSubmitting } = form.formState
  const onSubmit = form.handleSubmit(async (v) => {
    setDone(false)
    const res = await changePasswordAction(v)
    if (res.ok) {
      form.reset()
      setReauth(null)
      setDone(true)
    } else if (applyReauth(res, form as unknown as UseFormReturn<ReauthValues>, setReauth)) {
      // asked for a code: the field below appears
    } else if (res.kind === 'wrong_password') {
      form.setError('current', { message: t('wrongCurrent') })
    } else {
      form.setError(res.field === 'password' || res.field === 'confirm' ? res.field : 'root', { message: res.message })
    }
  })
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormAlert message={errors.root?.message} />
      <FormAlert tone="info" message={done ? t('changed') : null} />
      {hasPassword ? (
        <Field
          id="current"
          label={t('current')}
          type="password"
          autoComplete="current-password"
          error={errors.current?.message}
          registration={form.register('current')}
        />
      ) : null}
      <Field
        id="new-password"
        label={t('new')}
        type="password"
        autoComplete="new-password"
        hint={t('hint', { min: passwordMin })}
        error={errors.password?.message}
        registration={form.register('password')}
      />
      <Field
        id="confirm-password"
        label={t('confirm')}
        type="password"
        autoComplete="new-password"
        error={errors.confirm?.message}
        registration={form.register('confirm')}
      />
      {reauth ? <ReauthFields reauth={reauth} form={form as unknown as UseFormReturn<ReauthValues>} prefix="password" /> : null}
      <Button type="submit" busy={isSubmitting}>
        {t(hasPassword ? 'change' : 'set')}
      </Button>
    </form>
  )
}

export function BindForm({ channel, current }: { channel: 'sms' | 'mail'; current: string | null }) {
  const router = useRouter()
  const [wait, setWait] = useCountdown(0)
  const [sent, setSent] = useState(false)
  const [sending, setSending] = useState(false)
  const [done, setDone] = useState(false)
  const [reauth, setReauth] = useState<Reauth | null>(null)
  const captcha = useCaptcha()
  const t = useTranslations('account')
  const form = useForm<Bind>({ resolver: zodResolver(bindSchema), defaultValues: { channel, target: '', code: '' } })
  const { errors, isSubmitting } = form.formState
  const prefix = channel === 'sms' ? 'bind-phone' : 'bind-email'

  async function send() {
    if (!(await form.trigger('target'))) return
    setSending(true)
    const res = await sendBindCodeAction({ channel, target: form.getValues('target'), altcha: captcha.payload })
    captcha.after(res)
    setSending(false)
    if (res.ok) {
      setSent(true)
      setWait(res.resendAfter)
      form.clearErrors('target')
    } else {
      if (res.retryAfter) setWait(res.retryAfter)
      form.setError(res.field === 'target' ? 'target' : 'root', { message: res.message })
    }
  }

  const onSubmit = form.handleSubmit(async (v) => {
    setDone(false)
    const res = await bindAction(v)
    if (res.ok) {
      form.reset({ channel, target: '', code: '' })
      setSent(false)
      setReauth(null)
      setDone(true)
      router.refresh()
    } else if (applyReauth(res, form as unknown as UseFormReturn<ReauthValues>, setReauth)) {
      // the sign-in is old: the confirmation field below appears; the same form is sent again
    } else {
      form.setError(res.field === 'code' || res.field === 'target' ? res.field : 'root', { message: res.message })
    }
  })

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormAlert message={errors.root?.message} />
      <FormAlert tone="info" message={done ? t(channel === 'sms' ? 'contact.savedPhone' : 'contact.savedEmail') : null} />
      <Field
        id={`${prefix}-target`}
        label={t(channel === 'sms' ? (current ? 'contact.newPhone' : 'contact.addPhone') : current ? 'contact.newEmail' : 'contact.addEmail')}
        type={channel === 'sms' ? 'tel' : 'email'}
        autoComplete={channel === 'sms' ? 'tel' : 'email'}
        error={errors.target?.message}
        registration={form.register('target')}
      >
        <Button variant="secondary" onClick={send} busy={sending} disabled={wait > 0}>
          {wait > 0 ? t('code.sendAgainIn', { seconds: wait }) : t(sent ? 'code.sendAgain' : 'code.send')}
        </Button>
      </Field>
      {captcha.widget}
      {sent ? (
        <>
          <Field
            id={`${prefix}-code`}
            label={t('code.label', { codeLength: CODE_LENGTH })}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={CODE_LENGTH}
            error={errors.code?.message}
            registration={form.register('code')}
          />
          {reauth ? <ReauthFields reauth={reauth} form={form as unknown as UseFormReturn<ReauthValues>} prefix={prefix} /> : null}
          <Button type="submit" busy={isSubmitting}>
            {t(channel === 'sms' ? 'contact.savePhone' : 'contact.saveEmail')}
          </Button>
        </>
      ) : null}
    </form>
  )
}

/** The display name: shown in the profile, changed here under the core's name rules. */
export function NameForm({ current }: { current: string }) {
  const router = useRouter()
  const t = useTranslations('account.profile')
  const { text } = useText()
  const [open, setOpen] = useState(false)
  const [done, setDone] = useState(false)
  const form = useForm<Rename>({ resolver: zodResolver(renameSchema), defaultValues: { name: current } })
  const { errors, isSubmitting } = form.formState
  const onSubmit = form.handleSubmit(async (v) => {
    setDone(false)
    if (v.name.trim() === current) return form.setError('name', { message: t('nameUnchanged') })
    const res = await renameAction(v)
    if (res.ok) {
      setOpen(false)
      setDone(true)
      router.refresh()
    } else {
      form.setError(res.field === 'name' ? 'name' : 'root', { message: res.message })
    }
  })
  if (!open) {
    return (
      <div className="space-y-2">
        <FormAlert tone="info" message={done ? t('nameSaved') : null} />
        <Button
          variant="secondary"
          onClick={() => {
            form.reset({ name: current })
            setDone(false)
            setOpen(true)
          }}
        >
          {t('editName')}
        </Button>
      </div>
    )
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label={t('editName')}>
      <FormAlert message={errors.root?.message} />
      <Field
        id="new-name"
        label={t('newName')}
        autoComplete="username"
        hint={text('account.profile.nameHint')}
        error={errors.name?.message}
        registration={form.register('name')}
      />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" busy={isSubmitting}>
          {t('saveName')}
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  )
}

/**
 * Removes the phone or the email after a confirmation (and, for an old sign-in, the password or a
 * code). The server refuses the last way to sign in and says what to do instead.
 */
export function RemoveContactForm({ field, value }: { field: 'phone' | 'email'; value: string | null }) {
  const router = useRouter()
  const t = useTranslations('account.contact')
  const [open, setOpen] = useState(false)
  const [done, setDone] = useState(false)
  const [reauth, setReauth] = useState<Reauth | null>(null)
  const form = useForm<RemoveContact>({ resolver: zodResolver(removeContactSchema), defaultValues: { field } })
  const { errors, isSubmitting } = form.formState
  const prefix = field === 'phone' ? 'remove-phone' : 'remove-email'
  const onSubmit = form.handleSubmit(async (v) => {
    const res = await removeContactAction(v)
    if (res.ok) {
      setOpen(false)
      setReauth(null)
      setDone(true)
      router.refresh()
    } else if (!applyReauth(res, form as unknown as UseFormReturn<ReauthValues>, setReauth)) {
      form.setError('root', { message: res.message })
    }
  })
  if (!value) return <FormAlert tone="info" message={done ? t(field === 'phone' ? 'removedPhone' : 'removedEmail') : null} />
  if (!open) {
    return (
      <div className="border-t border-slate-200 pt-4">
        <Button variant="danger" onClick={() => setOpen(true)}>
          {t(field === 'phone' ? 'removePhone' : 'removeEmail')}
        </Button>
      </div>
    )
  }
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-3 rounded-md border border-red-200 bg-red-50 p-3"
      aria-label={t(field === 'phone' ? 'removePhone' : 'removeEmail')}
    >
      <p className="text-sm text-slate-800">{t(field === 'phone' ? 'removePhoneConfirm' : 'removeEmailConfirm', { value })}</p>
      <FormAlert message={errors.root?.message} />
      {reauth ? <ReauthFields reauth={reauth} form={form as unknown as UseFormReturn<ReauthValues>} prefix={prefix} /> : null}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant="danger" busy={isSubmitting}>
          {t('confirmRemove')}
        </Button>
        <Button
          variant="secondary"
          onClick={() => {
            setOpen(false)
            setReauth(null)
            form.clearErrors()
          }}
        >
          {t('cancel')}
        </Button>
      </div>
    </form>
  )
}

export function SignOutButton() {
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  const t = useTranslations('account')
  return (
    <Button
      variant="secondary"
      busy={busy}
      onClick={async () => {
        setBusy(true)
        // next-auth's sign-out (CSRF-checked) ends this browser's core session too (events.signOut).
        await signOut({ redirect: false })
        router.replace('/sign-in')
        router.refresh()
      }}
    >
      {t('signOut')}
    </Button>
  )
}
