import type { Metadata } from 'next'
import { connection } from 'next/server'
import { NextIntlClientProvider } from 'next-intl'
import { getLocale, getTranslations } from 'next-intl/server'
import { ZodJitless } from '@/components/zod-jitless'
import './globals.css'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('home')
  return { title: t('metaTitle'), description: t('metaDescription') }
}

// Every page is rendered per request: its Content-Security-Policy carries a fresh nonce (proxy.ts),
// which Next puts on its scripts while rendering. A page prerendered at build time would carry
// none, and its inline scripts would be refused. The language is the request's (lib/i18n/request.ts).
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection()
  const locale = await getLocale()
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <NextIntlClientProvider>
          <ZodJitless />
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  )
}
