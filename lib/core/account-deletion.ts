// A person deletes their own account (注销账号, #24): the policy is docs/decisions/0015-account-deletion.md.
// The row stays (the audit log and foreign keys keep pointing at its id), everything that says who
// the person is goes, every way in closes, and the audit records it. One function, one transaction
// for the row and what hangs off it; the sessions end in the same call.
import { db } from '../db'
import { AuthError } from './errors'
import { audit } from './audit'
import { nameKey, nameSkeleton } from './fields'
import { revokeUserSessions } from './sessions'
import type { RequestContext } from './users'

/** The name an account keeps after deletion: unique, says what happened (the admin's deletion uses the same). */
export const tombstoneName = (id: number): string => `deleted-${id}`

/** Whether the account was deleted (by its owner or an admin): it has the tombstone name and no way to sign in. */
export const isDeletedAccount = (user: { id: number; name: string; passwordHash: string | null }): boolean =>
  user.name === tombstoneName(user.id) && user.passwordHash === null

export type DeletionResult = { sessionsEnded: number }

/**
 * Deletes the user's account. The caller has re-authenticated the person (lib/auth/reauth.ts) and
 * had them confirm. Removed: name (→ `deleted-<id>`), phone, email and their proofs, password,
 * WeChat ids, last sign-in address, second factors and recovery codes, the legacy id maps, roles,
 * OpenID Connect consents, grants and tokens, the addresses and devices of its sessions, unspent
 * codes and outbox messages to its phone and email. Kept: the row's id, uuid and dates, and the
 * audit events with the user id (why: the decision). Every session ends at once, in every dialect.
 * An account already deleted is left as it is.
 */
export async function deleteOwnAccount(userId: number, ctx: RequestContext & { sessionId?: string } = {}): Promise<DeletionResult> {
  return eraseAccount(userId, { ...ctx, actorId: userId, kind: 'account.deleted' })
}

/**
 * The deletion itself, whoever asked: the person (`account.deleted`, above) or an admin
 * (`user.deleted`, lib/core/user-admin.ts) — the same things go either way.
 */
export async function eraseAccount(
  userId: number,
  ctx: RequestContext & { sessionId?: string; actorId: number | null; kind: 'account.deleted' | 'user.deleted' },
): Promise<DeletionResult> {
  const user = await db().user.findUnique({ where: { id: userId } })
  if (!user) throw new AuthError('user_not_found')
  if (isDeletedAccount(user)) return { sessionsEnded: 0 }
  const name = tombstoneName(userId)
  const contacts = [user.phone, user.email].filter((c): c is string => c !== null)
  const oidcAccount = { contains: `"accountId":${JSON.stringify(user.uuid)}` }
  // Sessions first, so no token of this user is honoured while the rest is being removed.
  const sessionsEnded = await revokeUserSessions(userId, 'user_disabled', { actorId: ctx.actorId, ip: ctx.ip })
  await db().$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: {
        name,
        nameKey: nameKey(name),
        nameSkeleton: nameSkeleton(name),
        phone: null,
        email: null,
        phoneVerifiedAt: null,
        emailVerifiedAt: null,
        passwordHash: null,
        passwordMustChange: false,
        wechatOpenid: null,
        wechatUnionid: null,
        lastLoginIp: null,
        status: 'disabled',
      },
    })
    await tx.userFactor.deleteMany({ where: { userId } })
    await tx.recoveryCode.deleteMany({ where: { userId } })
    await tx.legacyAccount.deleteMany({ where: { userId } })
    await tx.userRole.deleteMany({ where: { userId } })
    await tx.oidcConsent.deleteMany({ where: { userId } })
    await tx.oidcModel.deleteMany({ where: { payload: oidcAccount } })
    // The sessions stay as ended rows (the audit names them), without where and on what they were used.
    await tx.session.updateMany({ where: { userId }, data: { ip: null, userAgent: null } })
    if (contacts.length > 0) {
      await tx.verificationCode.deleteMany({ where: { target: { in: contacts } } })
      await tx.outboxMessage.deleteMany({ where: { recipient: { in: contacts } } })
    }
    await audit({ kind: ctx.kind, userId, actorId: ctx.actorId, sessionId: ctx.sessionId, client: ctx.client, ip: ctx.ip, detail: { sessionsEnded } }, tx)
  })
  // A session opened between the first revocation and the transaction (a sign-in already past its
  // checks) ends here; after the transaction no way in is left.
  const late = await revokeUserSessions(userId, 'user_disabled', { actorId: ctx.actorId, ip: ctx.ip })
  return { sessionsEnded: sessionsEnded + late }
}
