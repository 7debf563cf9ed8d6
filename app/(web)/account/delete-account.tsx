'use client'
// 注销账号 (#24, decision 0015): what goes and what stays, the typed word, a fresh proof, then the
// browser is signed out and lands on a page saying it is done.
import { useState } from 'react'
import { useRouter } from 'next/navigation'
import { useForm, type UseFormReturn } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { signOut } from 'next-auth/react'
import { useTranslations } from 'next-intl'
import { Field } from '@/components/field'
import { Button } from '@/components/button'
import { FormAlert } from '@/components/alert'
import { applyReauth, ReauthFields, type Reauth, type ReauthValues } from './forms'
import { deleteAccountSchema, type DeleteAccount } from './schema'
import { deleteAccountAction } from './actions'

export function DeleteAccount() {
  const t = useTranslations('account.delete')
  const router = useRouter()
  const [open, setOpen] = useState(false)
  const [reauth, setReauth] = useState<Reauth | null>(null)
  const form = useForm<DeleteAccount>({ resolver: zodResolver(deleteAccountSchema), defaultValues: { confirm: '' } })
  const { errors, isSubmitting } = form.formState
  const asReauth = form as unknown as UseFormReturn<ReauthValues>
  const onSubmit = form.handleSubmit(async (v) => {
    const res = await deleteAccountAction(v)
    if (res.ok) {
      // The core ended every session; this drops the browser's cookie too.
      await signOut({ redirect: false })
      router.replace('/account/deleted')
      return
    }
    if (!applyReauth(res, asReauth, setReauth)) form.setError('root', { message: res.message })
  })
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">{t('intro')}</p>
      <p className="text-sm text-slate-600">{t('kept')}</p>
      {!open ? (
        <Button variant="danger" onClick={() => setOpen(true)}>
          {t('start')}
        </Button>
      ) : (
        <form onSubmit={onSubmit} noValidate className="space-y-3 rounded-md border border-red-200 bg-red-50 p-3" aria-label={t('title')}>
          <FormAlert message={errors.root?.message} />
          <Field
            id="delete-confirm"
            label={t('typeLabel', { word: t('word') })}
            autoComplete="off"
            error={errors.confirm?.message}
            registration={form.register('confirm')}
          />
          {reauth ? <ReauthFields reauth={reauth} form={asReauth} prefix="delete" /> : null}
          <div className="flex flex-wrap gap-3">
            <Button type="submit" variant="danger" busy={isSubmitting}>
              {t('confirm')}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setOpen(false)
                setReauth(null)
                form.reset({ confirm: '' })
              }}
            >
              {t('cancel')}
            </Button>
          </div>
        </form>
      )}
    </div>
  )
}
