import type { NextConfig } from 'next'
import createNextIntlPlugin from 'next-intl/plugin'

const nextConfig: NextConfig = {
  // Native and server-only packages stay outside the bundle.
  serverExternalPackages: ['@node-rs/argon2', 'better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg'],
  poweredByHeader: false,
  typedRoutes: false,
  // forbidden() from next/navigation: /admin answers a signed-in non-admin with 403 (lib/admin/guard.ts).
  experimental: { authInterrupts: true },
}

// The pages' languages (#24): next-intl reads each request's locale and catalogues from lib/i18n/request.ts.
export default createNextIntlPlugin('./lib/i18n/request.ts')(nextConfig)
