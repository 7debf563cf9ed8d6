// A captcha before further code sends on the browser pages (issue #21 item 5): once a phone or
// email had CODE_CAPTCHA_AFTER_PER_TARGET codes in the last hour, or the sending address
// CODE_CAPTCHA_AFTER_PER_IP, a send needs a solved ALTCHA challenge (proof of work, no third
// party). The legacy dialect APIs cannot show one: they keep the caps of lib/core/codes.ts.
// Challenges are signed with a key derived from AUTH_SECRET, expire after CAPTCHA_TTL_SECONDS, and a
// solved one is accepted once (its nonce takes a one-hit rate-limit window).
import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import { z } from 'zod'
import { config, deriveSecret } from '../config'
import { db } from '../db'
import { hitLimit } from './limits'
import { CAPTCHA_COST, CAPTCHA_COUNTER_MAX, CAPTCHA_COUNTER_MIN, CAPTCHA_SEND_WINDOW_SECONDS, CAPTCHA_TTL_SECONDS } from './rules'

const ALGORITHM = 'SHA-256'
const signatureSecret = () => deriveSecret(config().authSecret, 'captcha')
const keySignatureSecret = () => deriveSecret(config().authSecret, 'captcha-key')

/** Whether a send to `target` from `ip` now needs a solved captcha: the sends of the last hour to the target, or from the address, reached their threshold. */
export async function captchaNeeded(input: { target: string; ip?: string | null }): Promise<boolean> {
  const c = config()
  const since = new Date(Date.now() - CAPTCHA_SEND_WINDOW_SECONDS * 1000)
  const client = db()
  const toTarget = await client.verificationCode.count({ where: { target: input.target, createdAt: { gt: since } } })
  if (toTarget >= c.CODE_CAPTCHA_AFTER_PER_TARGET) return true
  if (!input.ip) return false
  const fromIp = await client.verificationCode.count({ where: { ip: input.ip, createdAt: { gt: since } } })
  return fromIp >= c.CODE_CAPTCHA_AFTER_PER_IP
}

/** A new signed challenge, as the ALTCHA widget's `challenge` URL answers it. */
export async function newCaptchaChallenge(): Promise<Challenge> {
  return createChallenge({
    algorithm: ALGORITHM,
    cost: CAPTCHA_COST,
    counter: randomInt(CAPTCHA_COUNTER_MIN, CAPTCHA_COUNTER_MAX),
    deriveKey,
    expiresAt: new Date(Date.now() + CAPTCHA_TTL_SECONDS * 1000),
    hmacSignatureSecret: signatureSecret(),
    hmacKeySignatureSecret: keySignatureSecret(),
  })
}

// What the widget sends (base64 of JSON): the challenge it was given and its solution.
const payloadSchema = z.object({
  challenge: z.object({
    parameters: z.looseObject({
      algorithm: z.literal(ALGORITHM),
      nonce: z.string().min(1).max(200),
      salt: z.string().min(1).max(200),
      cost: z.number().int().positive().max(CAPTCHA_COST),
      keyLength: z.number().int().positive().max(64),
      keyPrefix: z.string().max(200),
      expiresAt: z.number().optional(),
    }),
    signature: z.string().max(500),
  }),
  solution: z.object({ counter: z.number().int().nonnegative(), derivedKey: z.string().max(200), time: z.number().optional() }),
})

function decodePayload(payload: string) {
  try {
    return payloadSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64').toString('utf8')))
  } catch {
    return undefined
  }
}

/**
 * Whether `payload` (the widget's `altcha` field) is a solved, unexpired challenge of ours, not
 * used before. A true answer spends it: the same payload is refused next time.
 */
export async function spendCaptcha(payload: string | undefined): Promise<boolean> {
  if (!payload || payload.length > 10_000) return false
  const parsed = decodePayload(payload)
  if (!parsed?.success) return false
  const { challenge, solution } = parsed.data
  // A challenge without an expiry is not one of ours (they all have one).
  if (challenge.parameters.expiresAt === undefined) return false
  const result = await verifySolution({
    challenge,
    solution,
    deriveKey,
    hmacSignatureSecret: signatureSecret(),
    hmacKeySignatureSecret: keySignatureSecret(),
  })
  if (!result.verified) return false
  // The nonce is signed and random: one use. The window outlives the challenge.
  const once = await hitLimit(`captcha:${challenge.parameters.nonce}`, 1, 2 * CAPTCHA_TTL_SECONDS)
  return once.ok
}
