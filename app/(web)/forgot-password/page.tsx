import type { Metadata } from 'next'
import Link from 'next/link'
import { Shell } from '@/components/shell'
import { config } from '@/lib/config'
import { ForgotPasswordForm } from './form'

export const metadata: Metadata = { title: 'Forgot password · Identity Service' }

export default function ForgotPasswordPage() {
  return (
    <Shell>
      <h1 className="text-2xl font-semibold">Forgot your password?</h1>
      <p className="mt-2 text-sm text-slate-700">We send a code to your phone or email; with it you choose a new password.</p>
      <div className="mt-6">
        <ForgotPasswordForm passwordMin={config().PASSWORD_MIN_LENGTH} />
      </div>
      <p className="mt-6 text-sm text-slate-700">
        Remembered it?{' '}
        <Link href="/sign-in" className="text-blue-700 underline">
          Sign in
        </Link>
      </p>
    </Shell>
  )
}
