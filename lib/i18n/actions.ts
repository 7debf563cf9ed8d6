'use server'
// The language switcher's action: remembers the choice in next-intl's cookie; the page re-renders in it.
import { cookies } from 'next/headers'
import { z } from 'zod'
import { config } from '../config'
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, LOCALES } from './locales'

const schema = z.object({ locale: z.enum(LOCALES) })

export async function setLocale(form: FormData): Promise<void> {
  const parsed = schema.safeParse({ locale: form.get('locale') })
  if (!parsed.success) return
  ;(await cookies()).set(LOCALE_COOKIE, parsed.data.locale, {
    path: '/',
    maxAge: LOCALE_COOKIE_MAX_AGE,
    sameSite: 'lax',
    secure: config().nextAuth.secureCookies,
  })
}
