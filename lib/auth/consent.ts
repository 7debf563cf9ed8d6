// The sign-up consent (#24): when the person agreed to the terms and privacy policy, recorded on
// the account the browser sign-up made (User.consentedAt). The sign-up schema refuses a sign-up
// without it before any account is made.
import { db } from '../db'
import type { User } from '../core/users'

export async function recordConsent(user: User, at: Date = new Date()): Promise<User> {
  await db().user.update({ where: { id: user.id }, data: { consentedAt: at } })
  return { ...user, consentedAt: at }
}
