// Test factories: unique users per call, so no test shares mutable users with another.
import { createUser, type NewUser } from '../lib/core/users'
import { randomBytes } from 'node:crypto'

let n = 0
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}${randomBytes(2).toString('hex')}`

/** A fresh mainland mobile number. */
export function phone(): string {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
}

export async function makeUser(over: Partial<NewUser> = {}) {
  const name = over.name ?? `u${unique()}`.slice(0, 20)
  const password = over.password === undefined ? 'secret_123' : over.password
  const user = await createUser({ name, password, ...over }, { client: 'test' })
  return { user, name, password: password ?? undefined }
}
