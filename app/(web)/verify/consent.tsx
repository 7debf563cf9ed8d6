'use client'
// The consent sign-up asks for (#24): 我已阅读并同意《用户协议》和《隐私政策》, a required checkbox
// whose links (TERMS_URL, PRIVACY_URL) open in a new tab, so the form keeps what was typed.
import { useTranslations } from 'next-intl'
import type { ReactNode } from 'react'
import type { UseFormRegisterReturn } from 'react-hook-form'
import { useText } from '@/lib/i18n/use-text'

export type Documents = { terms: string; privacy: string }

export function ConsentCheckbox({ documents, error, registration }: { documents: Documents; error?: string; registration: UseFormRegisterReturn }) {
  const t = useTranslations('auth.consent')
  const message = useText().text(error)
  const link = (href: string) =>
    function DocumentLink(chunks: ReactNode) {
      return (
        <a href={href} target="_blank" rel="noopener noreferrer" className="text-blue-700 underline">
          {chunks}
          <span className="sr-only">{t('newTab')}</span>
        </a>
      )
    }
  return (
    <div>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input
          id="consent"
          type="checkbox"
          className="mt-0.5 h-4 w-4 shrink-0"
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? 'consent-error' : undefined}
          {...registration}
        />
        <span>{t.rich('label', { terms: link(documents.terms), privacy: link(documents.privacy) })}</span>
      </label>
      {message ? (
        <p id="consent-error" className="mt-1 text-sm text-red-700">
          {message}
        </p>
      ) : null}
    </div>
  )
}
