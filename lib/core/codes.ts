// Verification codes sent by SMS or mail (SPEC §3): CODE_LENGTH digits, valid CODE_TTL_SECONDS,
// stored as a keyed hash, single use, burned after CODE_MAX_ATTEMPTS wrong tries (lib/core/rules.ts),
// one live code per (channel, target, purpose).
// The unique `liveKey` column is what makes 20 concurrent sends produce exactly one message.
import { randomInt } from 'node:crypto'
import { config } from '../config'
import { db, isUniqueViolation, type Tx } from '../db'
import { log } from '../log'
import { AuthError } from './errors'
import { maskRecipient, ProviderError, type CodePurpose, type MessageProvider } from './messages'
import { audit } from './audit'
import { hitLimit, refundLimit } from './limits'
import { hmac, newId, safeEqual } from './ids'
import { CODE_LENGTH, CODE_MAX_ATTEMPTS, CODE_RESEND_AFTER_SECONDS, CODE_TTL_MINUTES, CODE_TTL_SECONDS } from './rules'

const DAY = 24 * 60 * 60

export type Channel = 'sms' | 'mail'

/**
 * Why a code was refused (detail.reason of `code_invalid`): the browser pages say each one; the
 * dialects' tables map only the kind, so their answers stay the real systems' one message.
 */
export type CodeFailure = 'wrong' | 'expired' | 'used' | 'too_many'
const codeInvalid = (reason: CodeFailure) => new AuthError('code_invalid', { reason })
export type CodeTarget = { channel: Channel; target: string; purpose: CodePurpose }

const liveKeyOf = (t: CodeTarget) => `${t.channel}:${t.target}:${t.purpose}`
/** The daily counter of sends to one target (every purpose). */
const targetLimitKey = (t: { channel: Channel; target: string }) => `code:target:${t.channel}:${t.target}`
const stillLive = (until: number, now: Date) => new AuthError('code_still_live', { retryAfter: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) })
const hashCode = (id: string, code: string) => hmac(config().authSecret, `code:${id}:${code}`)

export type SentCode = {
  expiresAt: Date
  ttlSeconds: number
  /** Only with the console provider (development): SPEC §3. */
  code?: string
}

export type SendCodeInput = CodeTarget & { ip?: string | null; resendAfterSeconds?: number; client?: string }

/**
 * Sends a new code through `provider` (lib/providers sendCode passes the configured one). Refused
 * with `code_still_live` while a code for the same target and purpose is valid, unless
 * `resendAfterSeconds` have passed since it was sent (then it is replaced); and always within
 * CODE_RESEND_AFTER_SECONDS of the last send, even when that code was burnt or spent since
 * (issue #21 item 5: burning a code with wrong tries made the next send immediate).
 */
export async function sendVerificationCode(input: SendCodeInput, provider: MessageProvider): Promise<SentCode> {
  const key = liveKeyOf(input)
  const now = new Date()
  const client = db()

  // A dead code no longer holds the key; an old enough one may be replaced.
  await client.verificationCode.updateMany({ where: { liveKey: key, expiresAt: { lte: now } }, data: { liveKey: null } })
  if (input.resendAfterSeconds !== undefined) {
    await client.verificationCode.updateMany({
      where: { liveKey: key, createdAt: { lte: new Date(now.getTime() - input.resendAfterSeconds * 1000) } },
      data: { liveKey: null },
    })
  }

  // The last send was too recent, though its code is no longer live (burnt, spent): wait out the interval.
  const recent = await client.verificationCode.findFirst({
    where: {
      target: input.target,
      channel: input.channel,
      purpose: input.purpose,
      createdAt: { gt: new Date(now.getTime() - CODE_RESEND_AFTER_SECONDS * 1000) },
    },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true, liveKey: true },
  })
  if (recent && recent.liveKey !== key) throw stillLive(recent.createdAt.getTime() + CODE_RESEND_AFTER_SECONDS * 1000, now)

  const code = String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, '0')
  const id = newId()
  const expiresAt = new Date(now.getTime() + CODE_TTL_SECONDS * 1000)
  try {
    await client.verificationCode.create({
      data: {
        id,
        channel: input.channel,
        target: input.target,
        purpose: input.purpose,
        codeHash: hashCode(id, code),
        liveKey: key,
        ip: input.ip ?? null,
        expiresAt,
      },
    })
  } catch (e) {
    if (!isUniqueViolation(e)) throw e
    const live = await client.verificationCode.findUnique({ where: { liveKey: key } })
    const until = live
      ? input.resendAfterSeconds !== undefined
        ? live.createdAt.getTime() + input.resendAfterSeconds * 1000
        : live.expiresAt.getTime()
      : now.getTime() + 1000
    throw stillLive(until, now)
  }

  const release = () => client.verificationCode.deleteMany({ where: { id } })
  const limitKeys: string[] = []
  try {
    const targetKey = targetLimitKey(input)
    const perTarget = await hitLimit(targetKey, config().CODE_DAILY_LIMIT_PER_TARGET, DAY)
    if (!perTarget.ok) throw new AuthError('code_daily_limit', { retryAfter: perTarget.retryAfter, scope: 'target' })
    limitKeys.push(targetKey)
    if (input.ip) {
      // One address cannot spend a target's whole day (issue #21 item 5).
      const pairKey = `code:target-ip:${input.channel}:${input.target}:${input.ip}`
      const perPair = await hitLimit(pairKey, config().CODE_DAILY_LIMIT_PER_TARGET_AND_IP, DAY)
      if (!perPair.ok) throw new AuthError('code_daily_limit', { retryAfter: perPair.retryAfter, scope: 'ip' })
      limitKeys.push(pairKey)
      const ipKey = `code:ip:${input.ip}`
      const perIp = await hitLimit(ipKey, config().CODE_DAILY_LIMIT_PER_IP, DAY)
      if (!perIp.ok) throw new AuthError('code_daily_limit', { retryAfter: perIp.retryAfter, scope: 'ip' })
      limitKeys.push(ipKey)
    }
  } catch (e) {
    await release()
    for (const k of limitKeys) await refundLimit(k)
    throw e
  }

  let providerCode: string | undefined
  try {
    ;({ providerCode } = await provider.sendCode({ to: input.target, code, purpose: input.purpose, ttlMinutes: CODE_TTL_MINUTES }))
  } catch (e) {
    // Not counted as sent: the user may ask again at once (SPEC §7).
    await release()
    for (const k of limitKeys) await refundLimit(k)
    const failure = e instanceof ProviderError ? e.providerCode : 'exception'
    const target = maskRecipient(input.target)
    log.warn('code provider failed', { provider: provider.name, channel: input.channel, target, providerCode: failure })
    await audit({
      kind: 'code.failed',
      userId: await holderOf(input.channel, input.target),
      client: input.client,
      ip: input.ip,
      detail: { channel: input.channel, purpose: input.purpose, target, provider: provider.name, providerCode: failure },
    })
    throw new AuthError('provider_failed', { provider: provider.name, providerCode: failure })
  }
  await audit({
    kind: 'code.sent',
    userId: await holderOf(input.channel, input.target),
    client: input.client,
    ip: input.ip,
    detail: {
      channel: input.channel,
      purpose: input.purpose,
      target: maskRecipient(input.target),
      provider: provider.name,
      providerCode: providerCode ?? null,
    },
  })
  return { expiresAt, ttlSeconds: CODE_TTL_SECONDS, ...(provider.revealsCodes ? { code } : {}) }
}

/**
 * Checks a code without spending it. A wrong code costs one of the code's tries (committed at
 * once, whatever the caller does next); the last of CODE_MAX_ATTEMPTS burns it. Returns the
 * code's id for spendVerificationCode.
 */
export async function checkVerificationCode(input: CodeTarget & { code: string }): Promise<string> {
  const client = db()
  const row = await client.verificationCode.findUnique({ where: { liveKey: liveKeyOf(input) } })
  if (!row) throw codeInvalid(await whyNoLiveCode(input))
  if (row.attempts >= CODE_MAX_ATTEMPTS) throw codeInvalid('too_many')
  if (row.expiresAt.getTime() <= Date.now()) throw codeInvalid('expired')
  if (!safeEqual(row.codeHash, hashCode(row.id, input.code.trim()))) {
    await client.verificationCode.updateMany({
      where: { id: row.id, liveKey: { not: null }, attempts: { lt: CODE_MAX_ATTEMPTS } },
      data: { attempts: { increment: 1 } },
    })
    const burnt = await client.verificationCode.updateMany({
      where: { id: row.id, attempts: { gte: CODE_MAX_ATTEMPTS }, liveKey: { not: null } },
      data: { liveKey: null },
    })
    if (burnt.count > 0) await refundBurntSend(input)
    throw codeInvalid(burnt.count > 0 ? 'too_many' : 'wrong')
  }
  return row.id
}

/**
 * No live code for the target: what became of the last one sent (spent, burnt by wrong tries, or
 * run out), or `wrong` when none was sent. Only the holder of the code learns anything from it.
 */
async function whyNoLiveCode(t: CodeTarget): Promise<CodeFailure> {
  const last = await db().verificationCode.findFirst({
    where: { channel: t.channel, target: t.target, purpose: t.purpose },
    orderBy: { createdAt: 'desc' },
    select: { consumedAt: true, attempts: true, expiresAt: true },
  })
  if (!last) return 'wrong'
  if (last.consumedAt) return 'used'
  if (last.attempts >= CODE_MAX_ATTEMPTS) return 'too_many'
  if (last.expiresAt.getTime() <= Date.now()) return 'expired'
  return 'wrong'
}

/** Spends a checked code: one conditional write, so two requests can never both use it. */
export async function spendVerificationCode(id: string, tx: Tx = db()): Promise<void> {
  const { count } = await tx.verificationCode.updateMany({
    where: { id, liveKey: { not: null }, consumedAt: null, attempts: { lt: CODE_MAX_ATTEMPTS }, expiresAt: { gt: new Date() } },
    data: { consumedAt: new Date(), liveKey: null },
  })
  // Spent (or run out) between the check and now: another request used it first.
  if (count === 0) throw codeInvalid('used')
}

/**
 * Moves a live code to another purpose without spending it, after checking it (a wrong one costs a
 * try as always): an SMS sign-in code sent to a number with no account becomes that number's
 * sign-up code (#24), so the person signs up with the code they already have, not a second SMS.
 * One conditional write; any code of the new purpose still live for the target is replaced.
 */
export async function repurposeVerificationCode(input: CodeTarget & { code: string }, purpose: CodePurpose): Promise<void> {
  const id = await checkVerificationCode(input)
  const to = { ...input, purpose }
  const client = db()
  await client.verificationCode.updateMany({ where: { liveKey: liveKeyOf(to) }, data: { liveKey: null } })
  try {
    const { count } = await client.verificationCode.updateMany({
      where: { id, liveKey: liveKeyOf(input), consumedAt: null, attempts: { lt: CODE_MAX_ATTEMPTS }, expiresAt: { gt: new Date() } },
      data: { purpose, liveKey: liveKeyOf(to) },
    })
    if (count === 0) throw codeInvalid('used')
  } catch (e) {
    // A code of the new purpose was sent in between: that one stands.
    if (isUniqueViolation(e)) throw codeInvalid('used')
    throw e
  }
}

/** Check and spend in one call, for flows with nothing else to make atomic. */
export async function consumeVerificationCode(input: CodeTarget & { code: string }): Promise<void> {
  await spendVerificationCode(await checkVerificationCode(input))
}

/**
 * A code burnt by wrong tries gives its send back to the target's day (issue #21 item 5), so
 * guessing cannot use up the owner's budget; the sender's own per-address counters keep it. At most
 * a day's cap of refunds per target, so send-and-burn over many addresses cannot make the target's
 * cap endless (at most twice the cap reaches one phone in a day).
 */
async function refundBurntSend(t: { channel: Channel; target: string }): Promise<void> {
  const refunds = await hitLimit(`code:target-refund:${t.channel}:${t.target}`, config().CODE_DAILY_LIMIT_PER_TARGET, DAY)
  if (refunds.ok) await refundLimit(targetLimitKey(t))
}

/** The user whose phone or email a code went to, if any: the audit row names them (the dashboard's log by user, #25). */
async function holderOf(channel: 'sms' | 'mail', target: string): Promise<number | null> {
  const u = await db().user.findFirst({ where: channel === 'sms' ? { phone: target } : { email: target }, select: { id: true } })
  return u?.id ?? null
}
