import Link from 'next/link'
import { Shell } from '@/components/shell'
import { currentUser } from '@/lib/auth/current'

export default async function Home() {
  const signedIn = (await currentUser()) !== null
  return (
    <Shell signedIn={signedIn} wide>
      <h1 className="text-3xl font-semibold">Identity Service</h1>
      <p className="mt-4 max-w-2xl text-slate-700">
        One account for your apps: sign up with a phone number and an SMS code (or an email address), sign in with a password or a code, and see and end every
        session from your account page. Apps keep the login APIs they already speak: ThinkSNS+ (<code>/api/v2</code>), Hyperf (<code>/login</code>), Flask (
        <code>/api/auth</code>) and RageFrame (<code>/v1/site</code>), all over the same accounts.
      </p>
      <div className="mt-8 flex flex-wrap gap-3">
        {signedIn ? (
          <Link href="/account" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800">
            Your account
          </Link>
        ) : (
          <>
            <Link href="/sign-up" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800">
              Create an account
            </Link>
            <Link href="/sign-in" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
              Sign in
            </Link>
          </>
        )}
        <Link href="/docs" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
          API documentation
        </Link>
      </div>
    </Shell>
  )
}
