import Link from 'next/link'

export default function NotFound() {
  return (
    <main className="mx-auto max-w-2xl px-4 py-16">
      <h1 className="text-2xl font-semibold">404 · Page not found</h1>
      <p className="mt-4 text-slate-700">There is nothing at this address.</p>
      <Link className="mt-6 inline-block text-blue-700 underline" href="/">
        Back to the home page
      </Link>
    </main>
  )
}
