// findAccount over the core's users: `sub` is the stable uuid, the claims come from the user row and
// roles; a disabled user is no account.
import { describe, expect, it } from 'vitest'
import { db } from '../db'
import { makeUser, phone } from '../../test/factories'
import { findAccount } from './account'

describe('findAccount', () => {
  it('gives the claims of an active user, and nothing for a disabled one or an unknown sub', async () => {
    const { user } = await makeUser({ phone: phone() })
    const account = await findAccount(undefined, user.uuid)
    expect(account?.accountId).toBe(user.uuid)
    const claims = await account!.claims('userinfo', 'openid profile phone roles', {}, [])
    expect(claims).toMatchObject({ sub: user.uuid, name: user.name, phone_number: user.phone, phone_number_verified: true, roles: ['USER'] })
    expect(claims.email).toBeUndefined()
    expect(await findAccount(undefined, String(user.id))).toBeUndefined()
    await db().user.update({ where: { id: user.id }, data: { status: 'disabled' } })
    expect(await findAccount(undefined, user.uuid)).toBeUndefined()
  })
})
