import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { Shell } from '@/components/shell'
import { currentUser } from '@/lib/auth/current'
import { CODE_LENGTH } from '@/lib/core/rules'
import { SignUpForm } from './form'

export const metadata: Metadata = { title: 'Sign up · Identity Service' }

export default async function SignUpPage() {
  if (await currentUser()) redirect('/account')
  return (
    <Shell>
      <h1 className="text-2xl font-semibold">Create an account</h1>
      <p className="mt-2 text-slate-700">{`We send a ${CODE_LENGTH}-digit code to check the phone number or email address is yours.`}</p>
      <div className="mt-6">
        <SignUpForm />
      </div>
      <p className="mt-6 text-sm text-slate-700">
        Already have an account?{' '}
        <Link href="/sign-in" className="text-blue-700 underline">
          Sign in
        </Link>
      </p>
    </Shell>
  )
}
