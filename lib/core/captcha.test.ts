// Issue #21 item 5: the browser pages' captcha before further code sends. The rule (when one is
// needed) and the payload check (a solved challenge of ours, unexpired, used once).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createChallenge, solveChallenge, type Challenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import { config } from '../config'
import { db } from '../db'
import { phone } from '../../test/factories'
import { captchaNeeded, newCaptchaChallenge, spendCaptcha } from './captcha'
import { CaptchaRequired, requireCaptcha } from '../auth/captcha'
import { newId } from './ids'
import { CAPTCHA_TTL_SECONDS } from './rules'

/** A code row sent to `target` from `ip`, `ageSeconds` ago (what sendVerificationCode writes). */
const sent = (target: string, ip: string | null, ageSeconds = 0) =>
  db().verificationCode.create({
    data: {
      id: newId(),
      channel: 'sms',
      target,
      purpose: 'login',
      codeHash: 'x',
      ip,
      createdAt: new Date(Date.now() - ageSeconds * 1000),
      expiresAt: new Date(Date.now() + 300_000),
    },
  })

async function solve(challenge: Challenge) {
  const solution = await solveChallenge({ challenge, deriveKey })
  if (!solution) throw new Error('not solved')
  return solution
}

/** The widget's payload: base64 of the JSON of the challenge and its solution. */
const encode = (challenge: Challenge, solution: unknown) => Buffer.from(JSON.stringify({ challenge, solution })).toString('base64')

async function solvedPayload(): Promise<string> {
  const challenge = await newCaptchaChallenge()
  return encode(challenge, await solve(challenge))
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('when a captcha is needed (item 5)', () => {
  it('once a target had CODE_CAPTCHA_AFTER_PER_TARGET sends in the last hour, from any addresses', async () => {
    const target = phone()
    const n = config().CODE_CAPTCHA_AFTER_PER_TARGET
    expect(n).toBeGreaterThan(0)
    for (let i = 0; i < n - 1; i++) await sent(target, `10.61.0.${i + 1}`)
    await sent(target, '10.61.1.1', 2 * 60 * 60) // older than the hour: not counted
    expect(await captchaNeeded({ target, ip: '10.61.2.1' })).toBe(false)
    await sent(target, '10.61.0.99')
    expect(await captchaNeeded({ target, ip: '10.61.2.1' })).toBe(true)
    expect(await captchaNeeded({ target, ip: null })).toBe(true)
  })

  it('once an address had CODE_CAPTCHA_AFTER_PER_IP sends in the last hour, to any targets', async () => {
    const ip = '10.62.0.1'
    const n = config().CODE_CAPTCHA_AFTER_PER_IP
    for (let i = 0; i < n - 1; i++) await sent(phone(), ip)
    expect(await captchaNeeded({ target: phone(), ip })).toBe(false)
    await sent(phone(), ip)
    expect(await captchaNeeded({ target: phone(), ip })).toBe(true)
    expect(await captchaNeeded({ target: phone(), ip: '10.62.0.2' })).toBe(false)
  })

  it('requireCaptcha lets a send through below the thresholds, and above them only with a valid payload', async () => {
    const target = phone()
    await expect(requireCaptcha({ target, ip: '10.63.0.1' })).resolves.toBeUndefined()
    for (let i = 0; i < config().CODE_CAPTCHA_AFTER_PER_TARGET; i++) await sent(target, '10.63.0.1')
    await expect(requireCaptcha({ target, ip: '10.63.0.1' })).rejects.toBeInstanceOf(CaptchaRequired)
    await expect(requireCaptcha({ target, ip: '10.63.0.1', payload: 'bm90IGEgcGF5bG9hZA==' })).rejects.toBeInstanceOf(CaptchaRequired)
    const payload = await solvedPayload()
    await expect(requireCaptcha({ target, ip: '10.63.0.1', payload })).resolves.toBeUndefined()
    await expect(requireCaptcha({ target, ip: '10.63.0.1', payload })).rejects.toBeInstanceOf(CaptchaRequired)
  })
})

describe('the captcha payload (item 5)', () => {
  it('a solved challenge is accepted once; the replay is refused', async () => {
    const payload = await solvedPayload()
    expect(await spendCaptcha(payload)).toBe(true)
    expect(await spendCaptcha(payload)).toBe(false)
  })

  it('the same solution sent twice at once is accepted once', async () => {
    const payload = await solvedPayload()
    const results = await Promise.all([spendCaptcha(payload), spendCaptcha(payload), spendCaptcha(payload)])
    expect(results.filter(Boolean)).toHaveLength(1)
  })

  it('an expired challenge is refused, solved or not', async () => {
    const challenge = await newCaptchaChallenge()
    const payload = encode(challenge, await solve(challenge))
    const later = Date.now() + (CAPTCHA_TTL_SECONDS + 1) * 1000
    vi.spyOn(Date, 'now').mockReturnValue(later)
    expect(await spendCaptcha(payload)).toBe(false)
  })

  it('forgeries are refused: a wrong solution, changed parameters, an unsigned or foreign-signed challenge, junk', async () => {
    const challenge = await newCaptchaChallenge()
    const solution = await solve(challenge)
    // A solution that was not worked out (the derived key is the proof: the challenge carries its signature).
    expect(await spendCaptcha(encode(challenge, { counter: solution.counter, derivedKey: '00'.repeat(32) }))).toBe(false)
    // An easier challenge made up from ours: a one-character prefix, a later expiry.
    const easier = { ...challenge, parameters: { ...challenge.parameters, keyPrefix: solution.derivedKey.slice(0, 1) } }
    expect(await spendCaptcha(encode(easier, solution))).toBe(false)
    const longer = { ...challenge, parameters: { ...challenge.parameters, expiresAt: (challenge.parameters.expiresAt ?? 0) + 3600 } }
    expect(await spendCaptcha(encode(longer, solution))).toBe(false)
    // The attacker's own challenge: unsigned, or signed with another key.
    const own = { algorithm: 'SHA-256', cost: 1, counter: 10, deriveKey, expiresAt: new Date(Date.now() + 60_000) }
    const unsigned = await createChallenge(own)
    expect(await spendCaptcha(encode(unsigned, await solve(unsigned)))).toBe(false)
    const foreign = await createChallenge({ ...own, hmacSignatureSecret: 'not-our-key', hmacKeySignatureSecret: 'not-our-key-either' })
    expect(await spendCaptcha(encode(foreign, await solve(foreign)))).toBe(false)
    // Not a payload at all.
    for (const junk of [undefined, '', 'x', '!!!', Buffer.from('{"challenge":1}').toString('base64'), 'A'.repeat(20_000)]) {
      expect(await spendCaptcha(junk)).toBe(false)
    }
    // The genuine one still works (nothing above spent it).
    expect(await spendCaptcha(encode(challenge, solution))).toBe(true)
  })
})
