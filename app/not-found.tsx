import Link from 'next/link'
import { Shell } from '@/components/shell'

export default function NotFound() {
  return (
    <Shell>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-4 text-slate-700">There is nothing at this address (error 404). Check the link, or start again from the home page.</p>
      <Link className="mt-6 inline-block text-blue-700 underline" href="/">
        Go to the home page
      </Link>
    </Shell>
  )
}
