'use client'
// next-auth's client helpers (signIn, signOut) must know our base path: /api/auth is the Flask
// dialect's (SPEC §2). The session itself is read on the server (lib/auth/current.ts).
import { SessionProvider } from 'next-auth/react'
import type { ReactNode } from 'react'

export function AuthProvider({ children }: { children: ReactNode }) {
  return (
    <SessionProvider basePath="/api/session" refetchOnWindowFocus={false}>
      {children}
    </SessionProvider>
  )
}
