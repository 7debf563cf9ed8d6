'use client'
import Link from 'next/link'
import { usePathname } from 'next/navigation'
import { useTranslations } from 'next-intl'

const LINKS = [
  { href: '/admin', label: 'overview' },
  { href: '/admin/users', label: 'users' },
  { href: '/admin/roles', label: 'roles' },
  { href: '/admin/sessions', label: 'sessions' },
  { href: '/admin/clients', label: 'clients' },
  { href: '/admin/audit', label: 'audit' },
  { href: '/admin/outbox', label: 'outbox' },
  { href: '/admin/security', label: 'security' },
] as const

export function AdminNav() {
  const path = usePathname()
  const t = useTranslations('admin.nav')
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
              {t(l.label)}
            </Link>
          </li>
        )
      })}
    </ul>
  )
}
