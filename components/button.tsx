import type { ButtonHTMLAttributes } from 'react'
import { useTranslations } from 'next-intl'

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'danger'; busy?: boolean }

const styles = {
  primary: 'bg-blue-700 text-white hover:bg-blue-800 disabled:bg-blue-400',
  secondary: 'border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 disabled:text-slate-400',
  danger: 'border border-red-300 bg-white text-red-800 hover:bg-red-50 disabled:text-red-300',
}

export function Button({ variant = 'primary', busy, disabled, className = '', children, type = 'button', ...rest }: Props) {
  return (
    <button
      type={type}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      className={`inline-flex items-center justify-center rounded-md px-4 py-2 text-sm font-medium whitespace-nowrap focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2 disabled:cursor-not-allowed ${styles[variant]} ${className}`}
      {...rest}
    >
      {children}
    </button>
  )
}

/**
 * The "send a new code" action under a refused code (wrong, expired, used, too many tries): a link-like
 * button, held back while the resend interval runs.
 */
export function NewCodeButton({ wait, busy, onClick }: { wait: number; busy?: boolean; onClick: () => void }) {
  const t = useTranslations('auth.code')
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={wait > 0 || busy}
      aria-busy={busy || undefined}
      className="text-blue-700 underline disabled:cursor-not-allowed disabled:text-slate-500 disabled:no-underline"
    >
      {wait > 0 ? t('getNewIn', { seconds: wait }) : t('getNew')}
    </button>
  )
}
