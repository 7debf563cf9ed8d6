// Second factors (#26): what a user has (TOTP, passkeys, recovery codes), the second step of a
// sign-in, the tries it gets, removal and the admin's reset, and the policy of who must have one.
// docs/decisions/0017-second-factors.md says why it is built this way.
import { config, deriveSecret } from '../../config'
import { db } from '../../db'
import { AuthError } from '../errors'
import { audit } from '../audit'
import { hmac, randomUrlSafe, safeEqual } from '../ids'
import { hitLimit, peekLimit } from '../limits'
import { SECOND_FACTOR_MAX_TRIES, SECOND_FACTOR_TICKET_SECONDS, SECOND_FACTOR_WINDOW_SECONDS } from '../rules'
import { deleteRecoveryCodes, recoveryCodesLeft, spendRecoveryCode } from './recovery-codes'
import { spendTotpCode } from './totp'
import { verifyPasskeyAssertion, type PasskeyAssertion } from './passkeys'
import { markSessionAuthenticated } from '../sessions'
import type { FactorContext } from './types'

export type { FactorContext }

export type FactorSummary = { id: string; kind: 'totp' | 'passkey'; name: string; createdAt: Date; lastUsedAt: Date | null }

/** The user's confirmed factors, oldest first (an unconfirmed TOTP enrolment is not one). */
export async function listFactors(userId: number): Promise<FactorSummary[]> {
  const rows = await db().userFactor.findMany({ where: { userId, confirmedAt: { not: null } }, orderBy: { createdAt: 'asc' } })
  return rows.map((r) => ({ id: r.id, kind: r.kind === 'passkey' ? 'passkey' : 'totp', name: r.name, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt }))
}

/** The kinds of second factor a user can answer with: empty when they have none. */
export async function secondFactorKinds(userId: number): Promise<{ totp: boolean; passkey: boolean; recovery: boolean }> {
  const factors = await listFactors(userId)
  const totp = factors.some((f) => f.kind === 'totp')
  return { totp, passkey: factors.some((f) => f.kind === 'passkey'), recovery: totp && (await recoveryCodesLeft(userId)) > 0 }
}

export async function hasSecondFactor(userId: number): Promise<boolean> {
  return (await db().userFactor.count({ where: { userId, confirmedAt: { not: null } } })) > 0
}

// --- The second step of a sign-in -------------------------------------------------------------------

const ticketKey = () => deriveSecret(config().authSecret, 'second-factor-ticket')

/**
 * After the first step (password or SMS code) of a user with a second factor: a ticket, signed,
 * naming the user and valid SECOND_FACTOR_TICKET_SECONDS, that the second step presents. Nobody is
 * signed in yet. `.`-separated base64url, so it travels in next-auth's error string.
 */
export function issueSecondFactorTicket(userId: number, now: number = Date.now()): string {
  const body = `${userId}.${Math.floor(now / 1000) + SECOND_FACTOR_TICKET_SECONDS}.${randomUrlSafe(12)}`
  return `${body}.${hmac(ticketKey(), body)}`
}

/** The user id a ticket names, or null (altered, expired, malformed). */
export function readSecondFactorTicket(ticket: string, now: number = Date.now()): number | null {
  const parts = ticket.split('.')
  if (parts.length !== 4) return null
  const [uid, exp, nonce, mac] = parts
  if (!safeEqual(mac, hmac(ticketKey(), `${uid}.${exp}.${nonce}`))) return null
  if (!/^\d+$/.test(uid) || Number(exp) * 1000 < now) return null
  return Number(uid)
}

export type SecondFactorProof = { totp: string } | { recovery: string } | { passkey: PasskeyAssertion }

const triesKey = (userId: number) => `mfa:user:${userId}`
const proofKind = (p: SecondFactorProof) => ('totp' in p ? 'totp' : 'recovery' in p ? 'recovery' : 'passkey')

/**
 * Checks one second-factor answer of `userId`: a fresh TOTP code, an unused recovery code (spent
 * now), or a passkey assertion. SECOND_FACTOR_MAX_TRIES wrong answers per SECOND_FACTOR_WINDOW_SECONDS
 * per account, then rate_limited (also for the right answer, until the window ends). Wrong:
 * code_invalid. Every use and failure is audited.
 */
export async function verifySecondFactor(userId: number, proof: SecondFactorProof, ctx: FactorContext = {}): Promise<void> {
  const kind = proofKind(proof)
  const left = await peekLimit(triesKey(userId), SECOND_FACTOR_MAX_TRIES, SECOND_FACTOR_WINDOW_SECONDS)
  if (!left.ok) {
    await audit({ kind: 'factor.failed', userId, client: ctx.client, ip: ctx.ip, sessionId: ctx.sessionId, detail: { factor: kind, reason: 'rate_limited' } })
    throw new AuthError('rate_limited', { retryAfter: left.retryAfter })
  }
  const ok =
    'totp' in proof
      ? await spendTotpCode(userId, proof.totp)
      : 'recovery' in proof
        ? await spendRecoveryCode(userId, proof.recovery)
        : await verifyPasskeyAssertion(userId, proof.passkey)
  if (!ok) {
    await hitLimit(triesKey(userId), SECOND_FACTOR_MAX_TRIES, SECOND_FACTOR_WINDOW_SECONDS)
    await audit({ kind: 'factor.failed', userId, client: ctx.client, ip: ctx.ip, sessionId: ctx.sessionId, detail: { factor: kind, reason: 'wrong' } })
    throw new AuthError('code_invalid')
  }
  if (kind === 'recovery') {
    await audit({ kind: 'recovery.used', userId, client: ctx.client, ip: ctx.ip, sessionId: ctx.sessionId, detail: { left: await recoveryCodesLeft(userId) } })
  } else {
    await audit({ kind: 'factor.used', userId, client: ctx.client, ip: ctx.ip, sessionId: ctx.sessionId, detail: { factor: kind } })
  }
}

/** Whether the user has a confirmed TOTP factor: then step-up asks for its code (lib/auth/reauth.ts). */
export async function hasTotp(userId: number): Promise<boolean> {
  return (await db().userFactor.count({ where: { userId, kind: 'totp', confirmedAt: { not: null } } })) > 0
}

/**
 * Step-up with a second factor: a fresh TOTP code (or a recovery code) in a signed-in session makes
 * its sign-in recent again (session authAt), as a re-entered password does (users.ts reauthenticate).
 */
export async function reauthenticateWithFactor(userId: number, sessionId: string, proof: SecondFactorProof, ctx: FactorContext = {}): Promise<void> {
  await verifySecondFactor(userId, proof, { ...ctx, sessionId })
  await markSessionAuthenticated(sessionId)
  await audit({ kind: 'session.reauthenticated', userId, sessionId, client: ctx.client, ip: ctx.ip, detail: { by: proofKind(proof) } })
}

// --- Removal and reset --------------------------------------------------------------------------------

/** Removes one of the user's factors (the caller has asked for a fresh proof). Removing the TOTP factor also drops the recovery codes. */
export async function removeFactor(userId: number, factorId: string, ctx: FactorContext = {}): Promise<void> {
  const row = await db().userFactor.findFirst({ where: { id: factorId, userId } })
  if (!row) throw new AuthError('not_found')
  await db().$transaction(async (tx) => {
    await tx.userFactor.deleteMany({ where: { id: factorId, userId } })
    if (row.kind === 'totp') await deleteRecoveryCodes(userId, tx)
    await audit(
      { kind: 'factor.removed', userId, actorId: ctx.actorId, client: ctx.client, ip: ctx.ip, detail: { factor: row.kind, factorId, name: row.name } },
      tx,
    )
  })
}

/** An admin removes every factor and recovery code of a user (audited; the caller tells the user). Returns how many factors went. */
export async function resetFactors(userId: number, ctx: FactorContext & { actorId: number }): Promise<number> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.userFactor.deleteMany({ where: { userId } })
    await deleteRecoveryCodes(userId, tx)
    await audit({ kind: 'factor.reset', userId, actorId: ctx.actorId, client: ctx.client, ip: ctx.ip, detail: { factors: count } }, tx)
    return count
  })
}

// --- Policy ---------------------------------------------------------------------------------------------

export type MfaPolicy = 'none' | 'admins' | 'everyone'
const POLICY_KEY = 'mfa_required'
const isPolicy = (v: unknown): v is MfaPolicy => v === 'none' || v === 'admins' || v === 'everyone'

/** Who must have a second factor: the admin's switch once set, else MFA_REQUIRED. */
export async function mfaPolicy(): Promise<MfaPolicy> {
  const row = await db().serviceSetting.findUnique({ where: { key: POLICY_KEY } })
  return isPolicy(row?.value) ? row.value : config().MFA_REQUIRED
}

export async function setMfaPolicy(policy: MfaPolicy, ctx: FactorContext & { actorId: number }): Promise<void> {
  await db().serviceSetting.upsert({ where: { key: POLICY_KEY }, create: { key: POLICY_KEY, value: policy }, update: { value: policy } })
  await audit({ kind: 'admin.action', actorId: ctx.actorId, ip: ctx.ip, client: ctx.client, detail: { action: 'mfa_policy', policy } })
}

/** Whether the policy asks this user (an admin or not) for a second factor. */
export function policyRequires(policy: MfaPolicy, isAdmin: boolean): boolean {
  return policy === 'everyone' || (policy === 'admins' && isAdmin)
}

/**
 * A sign-in through a legacy dialect API, which cannot ask for a second factor: allowed unless
 * MFA_LEGACY_DIALECTS=refuse and the user has one; then `refusal` (the dialect's own "bad
 * credentials" kind), audited.
 */
export async function assertLegacySignInAllowed(userId: number, refusal: 'wrong_password' | 'code_invalid', ctx: FactorContext = {}): Promise<void> {
  if (config().MFA_LEGACY_DIALECTS !== 'refuse') return
  if (!(await hasSecondFactor(userId))) return
  await audit({ kind: 'signin.failure', userId, client: ctx.client, ip: ctx.ip, detail: { reason: 'second_factor_required' } })
  throw new AuthError(refusal)
}
