// Users (SPEC §3): create, find by any login identifier, authenticate, change password, disable.
import { db, isUniqueViolation, uniqueViolationFields, type Tx } from '../db'
import type { User } from '../generated/sqlite/client'
import { AuthError } from './errors'
import { audit } from './audit'
import { classifyLogin, nameKey, nameSkeleton, normalizeEmail, normalizePhone } from './fields'
import { newUuid } from './ids'
import { burnPasswordTime, hashPassword, verifyPassword } from './passwords'
import { assertPasswordAllowed } from './password-policy'
import { assignRole, ROLE_USER } from './roles'
import { markSessionAuthenticated, revokeUserSessions } from './sessions'
import { checkVerificationCode, consumeVerificationCode, spendVerificationCode, type Channel } from './codes'
import { assertPasswordTriesLeft, countPasswordFailure, limitAttemptFrom, passwordFailureKey } from './signin-limits'
import { maskRecipient, ProviderError, type NoticeKind, type ProviderLookup } from './messages'
import { log } from '../log'
import { hitLimit } from './limits'
import { findUserBy, recordUserSignIn } from './store'
import { userOfLegacyId } from './legacy-ids'
import { assertLegacySignInAllowed } from './factors'
import { isActive, isContactVerified, NAME_PATTERN, nameCharsOk, nameWidthOk, REGISTER_LIMIT_WINDOW_SECONDS } from './rules'
import { config } from '../config'

export type { User }

export type NewUser = {
  name: string
  password?: string | null
  email?: string | null
  phone?: string | null
  wechatOpenid?: string | null
  wechatUnionid?: string | null
  /** An admin's temporary password: the next sign-in must choose a new one (#25). */
  passwordMustChange?: boolean
  /** When the person agreed to the terms and privacy policy (the browser sign-up's checkbox, #24). */
  consentedAt?: Date | null
}

export type RequestContext = { ip?: string | null; userAgent?: string | null; client?: string }

/** A user's email or phone; each has its own proof (`emailVerifiedAt`, `phoneVerifiedAt`). */
export type ContactField = 'email' | 'phone'

const contactOf = (channel: Channel): ContactField => (channel === 'sms' ? 'phone' : 'email')
const VERIFIED_AT = { email: 'emailVerifiedAt', phone: 'phoneVerifiedAt' } as const

/**
 * Throws name_taken / email_taken / phone_taken when another user already has one of them. A name
 * is also taken (#21 item 11) when it is confusable with another user's (the same UTS #39
 * skeleton), and when it is, normalised, another user's phone or email: `+86 138 0013 8000` as a
 * Hyperf account while 13800138000 is someone's phone. The new user's own phone or email as their
 * name is fine: it finds the same user either way.
 * `claim`: the contact the caller is proving with a code. A holder who never proved it does not
 * keep it from the claimant (the spent code takes it, releaseUnproved); `self` is never in the way.
 */
export async function assertAvailable(
  u: { name?: string; email?: string | null; phone?: string | null },
  opts: { claim?: ContactField; self?: number } = {},
): Promise<void> {
  const client = db()
  if (u.name) {
    const name = u.name
    const asPhone = normalizePhone(name.trim())
    const asEmail = name.includes('@') ? normalizeEmail(name) : null
    // `self` (a rename): the user's own current name, skeleton or contact is not in the way.
    const other = (holder: { id: number } | null) => (holder && holder.id !== opts.self ? holder : null)
    const taken =
      other(await client.user.findUnique({ where: { nameKey: nameKey(name) }, select: { id: true } })) ??
      other(await client.user.findUnique({ where: { nameSkeleton: nameSkeleton(name) }, select: { id: true } })) ??
      (asPhone && asPhone !== u.phone ? other(await client.user.findUnique({ where: { phone: asPhone }, select: { id: true } })) : null) ??
      (asEmail && asEmail !== u.email ? other(await client.user.findUnique({ where: { email: asEmail }, select: { id: true } })) : null)
    if (taken) throw new AuthError('name_taken')
  }
  for (const field of ['phone', 'email'] as const) {
    const value = u[field]
    if (!value) continue
    const holder = await client.user.findUnique({
      where: field === 'phone' ? { phone: value } : { email: value },
      select: { id: true, emailVerifiedAt: true, phoneVerifiedAt: true },
    })
    if (!holder || holder.id === opts.self) continue
    if (opts.claim === field && !isContactVerified(holder, field)) continue
    throw new AuthError(field === 'phone' ? 'phone_taken' : 'email_taken')
  }
}

/**
 * A code for `value` was just spent by `claimantId` (or the user being made): another user who
 * holds it unproved loses it, in the same transaction, audited. Conditional on it still being
 * unproved, so a holder who proves it at the same moment keeps it and the claimant gets "taken".
 */
async function releaseUnproved(tx: Tx, field: ContactField, value: string, claimantId: number | null, ctx: RequestContext): Promise<void> {
  const where = field === 'phone' ? { phone: value, phoneVerifiedAt: null } : { email: value, emailVerifiedAt: null }
  const holder = await tx.user.findFirst({ where: { ...where, ...(claimantId !== null ? { id: { not: claimantId } } : {}) }, select: { id: true } })
  if (!holder) return
  const { count } = await tx.user.updateMany({ where: { id: holder.id, ...where }, data: { [field]: null } })
  if (count === 0) return
  await audit(
    { kind: 'contact.released', userId: holder.id, client: ctx.client, ip: ctx.ip, detail: { field, reason: 'proved_by_another_user', claimantId } },
    tx,
  )
}

/** Too many registrations from one address: `rate_limited` (every attempt counts, refused ones too). */
async function limitRegistration(ip?: string | null): Promise<void> {
  if (!ip) return
  const r = await hitLimit(`register:ip:${ip}`, config().REGISTER_LIMIT_PER_HOUR_PER_IP, REGISTER_LIMIT_WINDOW_SECONDS)
  if (!r.ok) throw new AuthError('rate_limited', { retryAfter: r.retryAfter })
}

/** A name no dialect may take (#21 item 11): control, format (bidi, zero-width), private-use or unassigned characters. */
function assertNameChars(name: string): void {
  if (!nameCharsOk(name)) throw new AuthError('invalid_input', { field: 'name', reason: 'forbidden character' })
}

function takenError(e: unknown): AuthError | null {
  if (!isUniqueViolation(e)) return null
  const fields = uniqueViolationFields(e).join(',').toLowerCase()
  if (fields.includes('namekey') || fields.includes('nameskeleton')) return new AuthError('name_taken')
  if (fields.includes('phone')) return new AuthError('phone_taken')
  if (fields.includes('email')) return new AuthError('email_taken')
  if (fields.includes('wechat')) return new AuthError('wechat_taken')
  return new AuthError('name_taken')
}

/**
 * Creates a user with role USER, limited per address (REGISTER_LIMIT_PER_HOUR_PER_IP). With
 * `code`, the verification code is spent in the same transaction, so a refused registration (name
 * taken, say) does not use up the user's code, and the contact it was sent to is proved (and taken
 * from anyone holding it unproved). A contact stored without a code is unproved.
 */
export async function createUser(
  input: NewUser,
  ctx: RequestContext & { code?: { channel: Channel; target: string; code: string; purpose?: 'register' } } = {},
): Promise<User> {
  const email = input.email ? normalizeEmail(input.email) : null
  const phone = input.phone ? normalizePhone(input.phone) : null
  if (input.email && !email) throw new AuthError('invalid_input', { field: 'email', reason: 'invalid email' })
  if (input.phone && !phone) throw new AuthError('invalid_input', { field: 'phone', reason: 'invalid phone' })
  await limitRegistration(ctx.ip)
  assertNameChars(input.name)
  if (typeof input.password === 'string') assertPasswordAllowed(input.password)
  const proved = ctx.code ? provedBy(ctx.code, { email, phone }) : null
  await assertAvailable({ name: input.name, email, phone }, { claim: proved ?? undefined })
  const codeId = ctx.code
    ? await checkVerificationCode({ channel: ctx.code.channel, target: ctx.code.target, purpose: ctx.code.purpose ?? 'register', code: ctx.code.code })
    : null
  const passwordHash = typeof input.password === 'string' ? await hashPassword(input.password) : null
  try {
    return await db().$transaction(async (tx) => {
      if (codeId) await spendVerificationCode(codeId, tx)
      if (proved) await releaseUnproved(tx, proved, (proved === 'phone' ? phone : email)!, null, ctx)
      const now = new Date()
      const user = await tx.user.create({
        data: {
          uuid: newUuid(),
          name: input.name,
          nameKey: nameKey(input.name),
          nameSkeleton: nameSkeleton(input.name),
          email,
          phone,
          emailVerifiedAt: proved === 'email' ? now : null,
          phoneVerifiedAt: proved === 'phone' ? now : null,
          passwordHash,
          wechatOpenid: input.wechatOpenid ?? null,
          wechatUnionid: input.wechatUnionid ?? null,
          passwordMustChange: Boolean(input.passwordMustChange && passwordHash),
          consentedAt: input.consentedAt ?? null,
        },
      })
      await assignRole(user.id, ROLE_USER, tx)
      await audit({ kind: 'user.registered', userId: user.id, client: ctx.client, ip: ctx.ip, detail: { via: ctx.client ?? 'unknown' } }, tx)
      return user
    })
  } catch (e) {
    throw takenError(e) ?? e
  }
}

/** Which of the new user's contacts the registration code was sent to (none when it names another). */
function provedBy(code: { channel: Channel; target: string }, stored: { email: string | null; phone: string | null }): ContactField | null {
  const field = contactOf(code.channel)
  const target = field === 'phone' ? normalizePhone(code.target) : normalizeEmail(code.target)
  return target !== null && target === stored[field] ? field : null
}

/**
 * One user by a unique column, in plain SQL (store.ts): every sign-in and every ThinkSNS+ user
 * request reads one.
 */
const readUser = (column: 'id' | 'nameKey' | 'email' | 'phone' | 'uuid', value: string | number) => findUserBy(column, value)

/**
 * Finds a user by a login string: name (case-insensitive), email, phone, or an all-digit id: ours
 * (allowId), or the id a system's clients know (idsOf, the per-system id map: lib/core/legacy-ids.ts).
 */
export async function findUserByLogin(login: string, opts: { allowId?: boolean; idsOf?: string } = {}): Promise<User | null> {
  const id = classifyLogin(login, { allowId: opts.allowId || opts.idsOf !== undefined })
  const byName = () => readUser('nameKey', nameKey(login.trim()))
  // A name that looks like a phone, email or id (Hyperf accounts are free text) is still found by name.
  switch (id.kind) {
    case 'phone':
      return (await readUser('phone', id.value)) ?? byName()
    case 'email':
      return (await readUser('email', id.value)) ?? byName()
    case 'id': {
      const userId = opts.idsOf !== undefined ? await userOfLegacyId(opts.idsOf, String(id.value)) : id.value
      return (userId !== null ? await readUser('id', userId) : null) ?? byName()
    }
    case 'name':
      return byName()
  }
}

export const findUserById = (id: number) => readUser('id', id)

/**
 * The user who proved this phone or email, or null, also when someone holds it unproved. Every use
 * of a contact as proof of who someone is (sign-in by code, password reset by code, "is there an
 * account for this address" before sending such a code) asks this, never findUserByLogin.
 */
export async function findUserByVerifiedContact(channel: Channel, target: string): Promise<User | null> {
  const field = contactOf(channel)
  const user = await readUser(field, target)
  return user && isContactVerified(user, field) ? user : null
}

/**
 * Password sign-in, in the order the dialects need: unknown user and wrong password are the same
 * failure to the client; a disabled account is told only to someone who knows its password
 * (reference §3). A hash made with old parameters is replaced.
 */
export async function authenticateWithPassword(
  login: string,
  password: string,
  ctx: RequestContext & { allowId?: boolean; idsOf?: string } = {},
): Promise<User> {
  await limitAttemptFrom(ctx.ip)
  const user = await findUserByLogin(login, { allowId: ctx.allowId, idsOf: ctx.idsOf })
  const failures = passwordFailureKey(user, login, ctx.ip)
  await assertPasswordTriesLeft(failures)
  if (!user || !user.passwordHash) {
    await burnPasswordTime(password)
    await countPasswordFailure(failures)
    await audit({ kind: 'signin.failure', userId: user?.id, client: ctx.client, ip: ctx.ip, detail: { reason: 'user_not_found' } })
    throw new AuthError(user ? 'wrong_password' : 'user_not_found')
  }
  const { ok, needsRehash } = await verifyPassword(user.passwordHash, password)
  if (!ok) {
    await countPasswordFailure(failures)
    await audit({ kind: 'signin.failure', userId: user.id, client: ctx.client, ip: ctx.ip, detail: { reason: 'wrong_password' } })
    throw new AuthError('wrong_password')
  }
  if (!isActive(user)) {
    await audit({ kind: 'signin.failure', userId: user.id, client: ctx.client, ip: ctx.ip, detail: { reason: 'user_disabled' } })
    throw new AuthError('user_disabled')
  }
  await refuseLegacyWithoutFactor(user, 'wrong_password', ctx)
  if (needsRehash) {
    const passwordHash = await hashPassword(password)
    // A new hash of the same password is no change of the profile: `updatedAt` (public as `updated_at`) stays, or it would date this sign-in.
    await db().user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash, updatedAt: user.updatedAt } })
    user.passwordHash = passwordHash
  }
  return user
}

/** Sign-in by a code sent to a phone or email (SPEC §6, ThinkSNS+ login by code). */
export async function authenticateWithCode(
  input: { channel: Channel; target: string; code: string; purpose?: 'login' | 'register' },
  ctx: RequestContext = {},
): Promise<User> {
  // A code has its own tries (CODE_MAX_ATTEMPTS); password guesses against the account do not block it.
  await limitAttemptFrom(ctx.ip)
  // Someone who stored this contact without proving it (Flask register's email) is not its owner:
  // the code's receiver must not land in their account (pre-account takeover, #21 item 7).
  const user = await findUserByVerifiedContact(input.channel, input.target)
  await consumeOrFail({ ...input, purpose: input.purpose ?? 'login' }, user, ctx)
  if (!user) throw new AuthError('user_not_found')
  if (!isActive(user)) throw new AuthError('user_disabled')
  await refuseLegacyWithoutFactor(user, 'code_invalid', ctx)
  return user
}

/**
 * A dialect API (any client but the browser, which asks for the second factor itself) cannot ask
 * for a second factor: MFA_LEGACY_DIALECTS decides whether a user with one signs in there (#26).
 */
async function refuseLegacyWithoutFactor(user: User, refusal: 'wrong_password' | 'code_invalid', ctx: RequestContext): Promise<void> {
  if (ctx.client && ctx.client !== 'browser') await assertLegacySignInAllowed(user.id, refusal, ctx)
}

async function consumeOrFail(
  input: { channel: Channel; target: string; code: string; purpose: 'login' | 'register' },
  user: User | null,
  ctx: RequestContext,
): Promise<void> {
  try {
    await spendVerificationCode(await checkVerificationCode(input))
  } catch (e) {
    await audit({ kind: 'signin.failure', userId: user?.id, client: ctx.client, ip: ctx.ip, detail: { reason: 'code_invalid' } })
    throw e
  }
}

/** Records a successful sign-in on the user row (last login time and IP, visit count). */
export async function recordSignIn(user: User, ctx: RequestContext & { sessionId?: string } = {}): Promise<User> {
  const now = new Date()
  // Plain SQL (store.ts): one write per sign-in; the count is incremented in the database.
  const visitCount = await recordUserSignIn(user.id, now, ctx.ip ?? null)
  if (visitCount === null) throw new AuthError('user_not_found')
  await audit({ kind: 'signin.success', userId: user.id, sessionId: ctx.sessionId, client: ctx.client, ip: ctx.ip })
  return { ...user, lastLoginAt: now, lastLoginIp: ctx.ip ?? null, visitCount }
}

/** Changes the password (new one under the password policy) after checking the current one; every other session of the user ends. */
export async function changePassword(
  userId: number,
  current: string | null,
  next: string,
  ctx: RequestContext & { keepSessionId?: string; providers: ProviderLookup },
): Promise<void> {
  assertPasswordAllowed(next)
  const user = await db().user.findUnique({ where: { id: userId } })
  if (!user) throw new AuthError('user_not_found')
  if (user.passwordHash) {
    // The same counter as sign-in: a stolen session cannot guess the password faster than a sign-in could.
    const failures = passwordFailureKey(user, '', ctx.ip)
    await assertPasswordTriesLeft(failures)
    if (current === null || !(await verifyPassword(user.passwordHash, current)).ok) {
      await countPasswordFailure(failures)
      throw new AuthError('wrong_password')
    }
  }
  await db().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next), passwordMustChange: false } })
  await audit({ kind: 'password.changed', userId, client: ctx.client, ip: ctx.ip })
  await revokeUserSessions(userId, 'password_changed', { exceptId: ctx.keepSessionId, ip: ctx.ip })
  // Someone who took over the session learns nothing from the notice; the owner learns to act.
  if (user.email) await sendNotice(user, { channel: 'mail', to: user.email, kind: 'password_changed' }, ctx)
  if (user.phone) await sendNotice(user, { channel: 'sms', to: user.phone, kind: 'password_changed' }, ctx)
}

/**
 * The signed-in user sets a new password without giving the current one (Hyperf's
 * `/user/update/password` asks only for the new one; its route permission gates it, in the
 * dialect). Under the policy; refused as `invalid_input` (reason `unchanged`) when it is the
 * current password. Every session of the user ends, the caller's too (the real project clears the
 * user's stored jwts), and the user is told.
 */
export async function setOwnPassword(userId: number, next: string, ctx: RequestContext & { providers: ProviderLookup }): Promise<void> {
  assertPasswordAllowed(next)
  const user = await db().user.findUnique({ where: { id: userId } })
  if (!user) throw new AuthError('user_not_found')
  if (user.passwordHash && (await verifyPassword(user.passwordHash, next)).ok) throw new AuthError('invalid_input', { field: 'password', reason: 'unchanged' })
  await db().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next), passwordMustChange: false } })
  await audit({ kind: 'password.changed', userId, client: ctx.client, ip: ctx.ip })
  await revokeUserSessions(userId, 'password_changed', { ip: ctx.ip })
  if (user.email) await sendNotice(user, { channel: 'mail', to: user.email, kind: 'password_changed' }, ctx)
  if (user.phone) await sendNotice(user, { channel: 'sms', to: user.phone, kind: 'password_changed' }, ctx)
}

/**
 * An admin sets a new password (under the password policy): every session of the user ends.
 * `temporary`: the user must choose a new one at their next sign-in (passwordMustChange, #25).
 */
export async function resetPassword(userId: number, next: string, ctx: RequestContext & { actorId?: number; temporary?: boolean } = {}): Promise<void> {
  assertPasswordAllowed(next)
  await db().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next), passwordMustChange: Boolean(ctx.temporary) } })
  await audit({ kind: 'password.reset', userId, actorId: ctx.actorId, ip: ctx.ip, detail: ctx.temporary ? { temporary: true } : undefined })
  await revokeUserSessions(userId, 'password_changed', { actorId: ctx.actorId, ip: ctx.ip })
}

/**
 * A forgotten password reset by a `reset` code sent to the user's own proved phone or email (the
 * browser's 忘记密码, ThinkSNS+ retrieve-password, RageFrame up-pwd). The code is checked before the
 * account is looked up, so a wrong code says nothing about who has an account. The new password
 * is under the policy; the code is spent and the hash written in one transaction; every session of
 * the user ends (`keepSessionId`: the one the caller is about to use, if any) and the user is told.
 */
export async function resetPasswordWithCode(
  input: { channel: Channel; target: string; code: string; password: string; purpose?: 'reset' | 'login' },
  ctx: RequestContext & { keepSessionId?: string; providers: ProviderLookup },
): Promise<User> {
  assertPasswordAllowed(input.password)
  await limitAttemptFrom(ctx.ip)
  // `login`: ThinkSNS+'s one code for an existing user (POST /verifycodes) serves its sign-in and its retrieve-password alike.
  const codeId = await checkVerificationCode({ channel: input.channel, target: input.target, purpose: input.purpose ?? 'reset', code: input.code })
  const user = await findUserByVerifiedContact(input.channel, input.target)
  if (!user) throw new AuthError('user_not_found')
  if (!isActive(user)) throw new AuthError('user_disabled')
  const passwordHash = await hashPassword(input.password)
  const updated = await db().$transaction(async (tx: Tx) => {
    await spendVerificationCode(codeId, tx)
    const row = await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordMustChange: false } })
    await audit({ kind: 'password.reset', userId: user.id, client: ctx.client, ip: ctx.ip, detail: { by: input.channel } }, tx)
    return row
  })
  await revokeUserSessions(user.id, 'password_changed', { exceptId: ctx.keepSessionId, ip: ctx.ip })
  if (user.email) await sendNotice(user, { channel: 'mail', to: user.email, kind: 'password_changed' }, ctx)
  if (user.phone) await sendNotice(user, { channel: 'sms', to: user.phone, kind: 'password_changed' }, ctx)
  return updated
}

/** Disables or enables a user. Disabling ends all their sessions at once. */
export async function setUserStatus(userId: number, status: 'active' | 'disabled', ctx: RequestContext & { actorId?: number } = {}): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { status } })
  await audit({ kind: status === 'disabled' ? 'user.disabled' : 'user.enabled', userId, actorId: ctx.actorId, ip: ctx.ip })
  if (status === 'disabled') await revokeUserSessions(userId, 'user_disabled', { actorId: ctx.actorId, ip: ctx.ip })
}

/**
 * Binds, changes or proves a phone or email after a code sent to it for purpose `bind`: the
 * contact is proved from now on, and taken from another user who holds it unproved. The old
 * contact is told (#21 item 10).
 */
export async function bindContact(
  userId: number,
  input: { channel: Channel; target: string; code: string },
  ctx: RequestContext & { providers: ProviderLookup },
): Promise<User> {
  const field = contactOf(input.channel)
  await assertAvailable(field === 'phone' ? { phone: input.target } : { email: input.target }, { claim: field, self: userId })
  const codeId = await checkVerificationCode({ ...input, purpose: 'bind' })
  let before: User | null = null
  let user: User
  try {
    user = await db().$transaction(async (tx: Tx) => {
      await spendVerificationCode(codeId, tx)
      before = await tx.user.findUnique({ where: { id: userId } })
      await releaseUnproved(tx, field, input.target, userId, ctx)
      const updated = await tx.user.update({ where: { id: userId }, data: { [field]: input.target, [VERIFIED_AT[field]]: new Date() } })
      await audit({ kind: 'user.updated', userId, client: ctx.client, ip: ctx.ip, detail: { bound: field, verified: true } }, tx)
      return updated
    })
  } catch (e) {
    throw takenError(e) ?? e
  }
  // The old phone or email hears of the change: if the session was taken over, its owner still can.
  const old = (before as User | null)?.[field] ?? null
  if (old && old !== input.target) {
    await sendNotice(
      user,
      { channel: input.channel, to: old, kind: field === 'phone' ? 'phone_changed' : 'email_changed', newContact: maskRecipient(input.target) },
      ctx,
    )
  }
  return user
}

/** Tells the user of a change to their account (a security notice to their email and phone, if any). */
export async function notifyUser(user: User, kind: NoticeKind, ctx: RequestContext & { providers: ProviderLookup }): Promise<void> {
  if (user.email) await sendNotice(user, { channel: 'mail', to: user.email, kind }, ctx)
  if (user.phone) await sendNotice(user, { channel: 'sms', to: user.phone, kind }, ctx)
}

/**
 * Sends one security notice through the configured provider. The change it reports is already
 * made, so a failed notice is logged and audited, never thrown: the person's answer says what
 * happened to their account, not to our messages.
 */
async function sendNotice(
  user: User,
  n: { channel: Channel; to: string; kind: NoticeKind; newContact?: string },
  ctx: RequestContext & { providers: ProviderLookup },
): Promise<void> {
  const provider = ctx.providers(n.channel)
  const target = maskRecipient(n.to)
  try {
    if (!provider.sendNotice) throw new ProviderError(provider.name, 'not_configured', `${provider.name}: no security notices`)
    await provider.sendNotice({ to: n.to, kind: n.kind, ...(n.newContact ? { newContact: n.newContact } : {}) })
    await audit({
      kind: 'notice.sent',
      userId: user.id,
      client: ctx.client,
      ip: ctx.ip,
      detail: { channel: n.channel, notice: n.kind, target, provider: provider.name },
    })
  } catch (e) {
    const providerCode = e instanceof ProviderError ? e.providerCode : 'exception'
    log.warn('security notice not sent', { provider: provider.name, channel: n.channel, target, notice: n.kind, providerCode })
    await audit({
      kind: 'notice.failed',
      userId: user.id,
      client: ctx.client,
      ip: ctx.ip,
      detail: { channel: n.channel, notice: n.kind, target, provider: provider.name, providerCode },
    })
  }
}

/** Where a code for re-authentication goes when the user has no password: their phone, else their email. */
export function reauthCodeTarget(user: User): { channel: Channel; target: string } | null {
  if (user.phone) return { channel: 'sms', target: user.phone }
  if (user.email) return { channel: 'mail', target: user.email }
  return null
}

/**
 * The person proves again who they are in a signed-in session: their password, or (an account
 * without one) a fresh `login` code sent to their own phone or email. Tries count against the
 * sign-in limit of the account, so a stolen session cannot guess the password. On success the
 * session's authAt is now (isRecentAuth in rules.ts).
 */
export async function reauthenticate(user: User, sessionId: string, proof: { password?: string; code?: string }, ctx: RequestContext = {}): Promise<void> {
  await limitAttemptFrom(ctx.ip)
  if (user.passwordHash) {
    const failures = passwordFailureKey(user, '', ctx.ip)
    await assertPasswordTriesLeft(failures)
    if (!proof.password || !(await verifyPassword(user.passwordHash, proof.password)).ok) {
      await countPasswordFailure(failures)
      await audit({ kind: 'signin.failure', userId: user.id, sessionId, client: ctx.client, ip: ctx.ip, detail: { reason: 'wrong_password', reauth: true } })
      throw new AuthError('wrong_password')
    }
  } else {
    const to = reauthCodeTarget(user)
    if (!to || !proof.code) throw new AuthError('code_invalid')
    await consumeVerificationCode({ ...to, purpose: 'login', code: proof.code })
  }
  await markSessionAuthenticated(sessionId)
  await audit({ kind: 'session.reauthenticated', userId: user.id, sessionId, client: ctx.client, ip: ctx.ip })
}

/**
 * The person changes their own name (the account page): under the rule every new name is made
 * with (NAME_PATTERN and its width, so it works in every dialect), and the same uniqueness as at
 * sign-up: taken, confusable with another user's, or another user's phone or email is
 * `name_taken`. Their own name in another case or form is fine. Unchanged: nothing is written.
 */
export async function renameUser(userId: number, input: string, ctx: RequestContext = {}): Promise<User> {
  const name = input.trim()
  assertNameChars(name)
  if (!NAME_PATTERN.test(name)) throw new AuthError('invalid_input', { field: 'name', reason: 'pattern' })
  if (!nameWidthOk(name)) throw new AuthError('invalid_input', { field: 'name', reason: 'width' })
  const user = await db().user.findUnique({ where: { id: userId } })
  if (!user) throw new AuthError('user_not_found')
  if (name === user.name) return user
  await assertAvailable({ name, phone: user.phone, email: user.email }, { self: userId })
  try {
    return await db().$transaction(async (tx: Tx) => {
      const updated = await tx.user.update({ where: { id: userId }, data: { name, nameKey: nameKey(name), nameSkeleton: nameSkeleton(name) } })
      await audit({ kind: 'user.updated', userId, client: ctx.client, ip: ctx.ip, detail: { fields: ['name'], by: 'user' } }, tx)
      return updated
    })
  } catch (e) {
    throw takenError(e) ?? e
  }
}

/** What a user can sign in with; a passkey signs in alone, a TOTP app only after one of the others. */
export type SignInMethods = { password: boolean; phone: boolean; email: boolean; wechat: boolean; passkey: boolean }

/** The ways this user can still sign in (a phone or email only once proved by a code: #21 item 7). */
export async function signInMethods(user: User): Promise<SignInMethods> {
  const passkeys = await db().userFactor.count({ where: { userId: user.id, kind: 'passkey', confirmedAt: { not: null } } })
  return {
    password: user.passwordHash !== null,
    phone: user.phone !== null && isContactVerified(user, 'phone'),
    email: user.email !== null && isContactVerified(user, 'email'),
    wechat: user.wechatOpenid !== null || user.wechatUnionid !== null,
    passkey: passkeys > 0,
  }
}

/** Whether removing `field` leaves the user a way to sign in. */
function canRemoveContact(methods: SignInMethods, field: ContactField): boolean {
  return Object.entries(methods).some(([method, has]) => has && method !== field)
}

/**
 * The person removes their phone or email (the account page; the caller has re-authenticated
 * them). Never the last way to sign in: refused as `forbidden` (reason `last_sign_in_method`) when
 * no password, no other proved contact, no WeChat and no passkey would be left. One conditional
 * write, so two removals at once cannot both pass the check. The removed contact is told.
 */
export async function removeContact(userId: number, field: ContactField, ctx: RequestContext & { providers: ProviderLookup }): Promise<User> {
  const user = await db().user.findUnique({ where: { id: userId } })
  if (!user) throw new AuthError('user_not_found')
  const value = user[field]
  if (!value) return user
  const other: ContactField = field === 'phone' ? 'email' : 'phone'
  const refused = () => new AuthError('forbidden', { reason: 'last_sign_in_method', field })
  const methods = await signInMethods(user)
  if (!canRemoveContact(methods, field)) throw refused()
  const updated = await db().$transaction(async (tx: Tx) => {
    // The row's own columns only, so a concurrent removal of the other contact is re-checked by
    // the database on the row it waited for (PostgreSQL re-evaluates a plain WHERE on the newest
    // row version; SQLite runs one write at a time). A passkey lives in another table: it counts as
    // read above (removing one takes its own fresh proof).
    const { count } = await tx.user.updateMany({
      where: {
        id: userId,
        [field]: value,
        OR: [
          { passwordHash: { not: null } },
          { [other]: { not: null }, [VERIFIED_AT[other]]: { not: null } },
          { wechatOpenid: { not: null } },
          { wechatUnionid: { not: null } },
          ...(methods.passkey ? [{ id: userId }] : []),
        ],
      },
      data: { [field]: null, [VERIFIED_AT[field]]: null },
    })
    if (count === 0) return null
    await audit({ kind: 'user.updated', userId, client: ctx.client, ip: ctx.ip, detail: { removed: field, by: 'user' } }, tx)
    return tx.user.findUniqueOrThrow({ where: { id: userId } })
  })
  if (!updated) {
    const now = await db().user.findUnique({ where: { id: userId } })
    if (now && now[field] === null) return now
    throw refused()
  }
  // The removed phone or email hears of it: if the session was taken over, its owner still can act.
  await sendNotice(updated, { channel: field === 'phone' ? 'sms' : 'mail', to: value, kind: field === 'phone' ? 'phone_changed' : 'email_changed' }, ctx)
  return updated
}
