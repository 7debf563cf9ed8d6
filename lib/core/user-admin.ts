// What an admin may do to an account beyond the user's own actions (#25): edit the profile under
// the same uniqueness rules as sign-up, and delete it under the account-deletion policy
// (docs/decisions/0016-admin-dashboard.md).
import { db, isUniqueViolation, uniqueViolationFields } from '../db'
import { AuthError } from './errors'
import { audit } from './audit'
import { nameKey, nameSkeleton, normalizeEmail, normalizePhone } from './fields'
import { assertAvailable, type RequestContext } from './users'
import { eraseAccount, tombstoneName } from './account-deletion'
import { nameCharsOk } from './rules'

type Ctx = RequestContext & { actorId?: number }

/**
 * Changes a user's name, phone and/or email (undefined: unchanged; null or '': removed). The same
 * rules as sign-up (assertAvailable): a name taken, confusable with another or another user's
 * contact is refused; a phone or email another user holds is refused. A contact set by an admin
 * is not proved: it does not sign in by code until the user confirms it with one (decision 0010).
 */
export async function updateUserProfile(
  userId: number,
  input: { name?: string; phone?: string | null; email?: string | null },
  ctx: Ctx = {},
): Promise<{ changed: string[] }> {
  const user = await db().user.findUnique({ where: { id: userId } })
  if (!user) throw new AuthError('user_not_found')
  const phone = input.phone === undefined ? user.phone : input.phone ? normalizePhone(input.phone) : null
  const email = input.email === undefined ? user.email : input.email ? normalizeEmail(input.email) : null
  if (input.phone && !phone) throw new AuthError('invalid_input', { field: 'phone', reason: 'invalid phone' })
  if (input.email && !email) throw new AuthError('invalid_input', { field: 'email', reason: 'invalid email' })
  const name = input.name?.trim() || user.name
  if (!nameCharsOk(name)) throw new AuthError('invalid_input', { field: 'name', reason: 'forbidden character' })
  const nameChanged = nameKey(name) !== user.nameKey || name !== user.name
  const changed = [...(nameChanged ? ['name'] : []), ...(phone !== user.phone ? ['phone'] : []), ...(email !== user.email ? ['email'] : [])]
  if (changed.length === 0) return { changed }
  // A new name in another case is the same name: only a different key is checked against others.
  await assertAvailable(
    { name: nameKey(name) !== user.nameKey ? name : undefined, phone: phone !== user.phone ? phone : null, email: email !== user.email ? email : null },
    { self: userId },
  )
  try {
    await db().$transaction(async (tx) => {
      await tx.user.update({
        where: { id: userId },
        data: {
          name,
          nameKey: nameKey(name),
          nameSkeleton: nameKey(name) !== user.nameKey ? nameSkeleton(name) : undefined,
          phone,
          email,
          ...(phone !== user.phone ? { phoneVerifiedAt: null } : {}),
          ...(email !== user.email ? { emailVerifiedAt: null } : {}),
        },
      })
      await audit({ kind: 'user.updated', userId, actorId: ctx.actorId, ip: ctx.ip, client: ctx.client, detail: { fields: changed, by: 'admin' } }, tx)
    })
  } catch (e) {
    if (!isUniqueViolation(e)) throw e
    const f = uniqueViolationFields(e).join(',').toLowerCase()
    throw new AuthError(f.includes('phone') ? 'phone_taken' : f.includes('email') ? 'email_taken' : 'name_taken')
  }
  return { changed }
}

/** The name an account keeps after deletion: unique, and says what happened. */
export const deletedName = tombstoneName

/**
 * Deletes an account for an admin under the account-deletion policy (decision 0015, the same steps
 * as a person's own deletion): the row stays, so the audit log and foreign keys keep pointing at
 * it, but everything personal goes and every way in closes; every session ends at once. The audit
 * rows are kept, with `user.deleted` naming the admin. Already deleted: nothing changes.
 */
export async function deleteUserAccount(userId: number, ctx: Ctx = {}): Promise<{ sessionsEnded: number }> {
  return eraseAccount(userId, { actorId: ctx.actorId ?? null, kind: 'user.deleted', ip: ctx.ip, client: ctx.client })
}
