import Link from 'next/link'

// Rendered with HTTP 403 when requireAdmin() finds a signed-in user without role ADMIN.
export default function Forbidden() {
  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-semibold">403 · Admins only</h1>
      <p className="mt-4 text-slate-700">Your account does not have the ADMIN role, so the dashboard is closed to it.</p>
      <Link className="mt-6 inline-block text-blue-700 underline" href="/account">
        Back to your account
      </Link>
    </div>
  )
}
