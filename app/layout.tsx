import type { Metadata } from 'next'
import { connection } from 'next/server'
import { ZodJitless } from '@/components/zod-jitless'
import './globals.css'

export const metadata: Metadata = {
  title: 'Identity Service',
  description: 'Sign-up, sign-in, tokens, sessions and roles for browsers, mobile apps and admins.',
}

// Every page is rendered per request: its Content-Security-Policy carries a fresh nonce (proxy.ts),
// which Next puts on its scripts while rendering. A page prerendered at build time would carry
// none, and its inline scripts would be refused.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection()
  return (
    <html lang="zh-CN">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <ZodJitless />
        {children}
      </body>
    </html>
  )
}
