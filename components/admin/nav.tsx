'use client'
import Link from 'next/link'
import { usePathname } from 'next/navigation'

const LINKS = [
  { href: '/admin', label: 'Overview' },
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/roles', label: 'Roles' },
  { href: '/admin/sessions', label: 'Sessions' },
  { href: '/admin/clients', label: 'Clients' },
  { href: '/admin/audit', label: 'Audit log' },
  { href: '/admin/outbox', label: 'Outbox' },
  { href: '/admin/security', label: 'Security' },
]

export function AdminNav() {
  const path = usePathname()
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {LINKS.map((l) => {
        const current = l.href === '/admin' ? path === '/admin' : path.startsWith(l.href)
        return (
          <li key={l.href}>
            <Link
              href={l.href}
              aria-current={current ? 'page' : undefined}
              className={current ? 'font-semibold text-slate-900' : 'text-blue-700 underline-offset-2 hover:underline'}
            >
              {l.label}
            </Link>
          </li>
        )
      })}
    </ul>
  )
}
