// Test factories: unique users per call, so no test shares mutable users with another.
import { createUser, type NewUser } from '../lib/core/users'
import { db } from '../lib/db'
import { randomBytes } from 'node:crypto'

let n = 0
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}${randomBytes(2).toString('hex')}`

/** A fresh mainland mobile number. */
export function phone(): string {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
}

/**
 * A user with a password. Its phone and email count as proved (as a user migrated from a legacy
 * system, or one who registered by code) unless `verified: false`: then they are stored as Flask's
 * register stores an email, unproved (#21 item 7).
 */
export async function makeUser(over: Partial<NewUser> = {}, opts: { verified?: boolean } = {}) {
  const name = over.name ?? `u${unique()}`.slice(0, 20)
  const password = over.password === undefined ? 'secret_123' : over.password
  let user = await createUser({ name, password, ...over }, { client: 'test' })
  if (opts.verified !== false && (user.email || user.phone)) {
    user = await db().user.update({
      where: { id: user.id },
      data: { emailVerifiedAt: user.email ? user.createdAt : null, phoneVerifiedAt: user.phone ? user.createdAt : null },
    })
  }
  return { user, name, password: password ?? undefined }
}
