// The provider's findAccount: the core's users. `sub` is the user's stable uuid (never the numeric
// id, never a name that can change); a disabled or deleted user is no account, so userinfo, a
// refresh and any new sign-in give nothing.
import type { Account, AccountClaims } from 'oidc-provider'
import { db } from '../db'
import { rolesOf } from '../core/roles'
import { isActive } from '../core/rules'

/** The claims of each scope (lib/oidc/provider.ts `claims`); `roles` is this service's own. */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'preferred_username', 'updated_at'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  roles: ['roles'],
} as const

export async function findAccount(_ctx: unknown, sub: string): Promise<Account | undefined> {
  if (typeof sub !== 'string' || sub.length > 64) return undefined
  const user = await db().user.findUnique({ where: { uuid: sub } })
  if (!user || !isActive(user)) return undefined
  return {
    accountId: user.uuid,
    async claims(): Promise<AccountClaims> {
      const roles = (await rolesOf(user.id)).map((r) => r.name)
      return {
        sub: user.uuid,
        name: user.name,
        preferred_username: user.name,
        updated_at: Math.floor(user.updatedAt.getTime() / 1000),
        email: user.email ?? undefined,
        email_verified: user.email ? user.emailVerifiedAt !== null : undefined,
        phone_number: user.phone ?? undefined,
        phone_number_verified: user.phone ? user.phoneVerifiedAt !== null : undefined,
        roles,
      }
    },
  }
}
