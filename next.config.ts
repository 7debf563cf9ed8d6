import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  // Native and server-only packages stay outside the bundle.
  serverExternalPackages: ['@node-rs/argon2', 'better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg'],
  poweredByHeader: false,
  typedRoutes: false,
  // forbidden() from next/navigation: /admin answers a signed-in non-admin with 403 (lib/admin/guard.ts).
  experimental: { authInterrupts: true },
}

export default nextConfig
