// Issue #21 items 5 and 8, performed as the attacker would: SMS bombing from one address, burning
// the owner's codes, and listing accounts through ThinkSNS+'s send-code answer.
import { describe, expect, it } from 'vitest'
import { sendCode } from '../providers'
import { checkVerificationCode } from './codes'
import { CODE_MAX_ATTEMPTS } from './rules'
import { config } from '../config'
import { db } from '../db'
import { phone } from '../../test/factories'
import { call, jsonRequest } from '../../test/http'
import * as thinksns from '../dialects/thinksns/handlers'
import * as hyperf from '../dialects/hyperf/handlers'

/** Time passes: the target's codes are no longer live, and older than the resend interval. */
const expire = (target: string) => db().verificationCode.updateMany({ where: { target }, data: { liveKey: null, createdAt: new Date(Date.now() - 61_000) } })

describe('code sending under attack (item 5)', () => {
  it('burning a code with wrong tries does not make the next send immediate (send, 5 wrong tries, send…)', async () => {
    const target = phone()
    await sendCode({ channel: 'sms', target, purpose: 'login', ip: '10.51.0.1' })
    for (let t = 0; t < CODE_MAX_ATTEMPTS; t++) {
      await checkVerificationCode({ channel: 'sms', target, purpose: 'login', code: 'xxxxxx' }).catch(() => undefined)
    }
    expect(await db().verificationCode.count({ where: { target, liveKey: { not: null } } })).toBe(0)
    const err = await sendCode({ channel: 'sms', target, purpose: 'login', ip: '10.51.0.9' }).catch((e) => e)
    expect(err.kind).toBe('code_still_live')
    expect(err.detail.retryAfter).toBeGreaterThan(0)
    expect(err.detail.retryAfter).toBeLessThanOrEqual(60)
    expect(await db().outboxMessage.count({ where: { recipient: target } })).toBe(1)
  })

  it('Hyperf /login/send/sms twice at once: the second is refused with 50017', async () => {
    const target = phone()
    const from = { headers: { 'x-forwarded-for': '10.51.0.2' } }
    const first = await call(hyperf.sendSms, jsonRequest('/login/send/sms', { phone: target }, from))
    expect(first.status).toBe(200)
    const second = await call(hyperf.sendSms, jsonRequest('/login/send/sms', { phone: target }, from))
    expect(second.text).toContain('50017')
    expect(await db().verificationCode.count({ where: { target } })).toBe(1)
  })

  it('one address cannot use up a phone’s day: the owner, from elsewhere, still gets codes', async () => {
    const victim = phone()
    const attacker = '10.52.0.1'
    let refused = 0
    for (let i = 0; i < config().CODE_DAILY_LIMIT_PER_TARGET + 2; i++) {
      await expire(victim)
      const r = await sendCode({ channel: 'sms', target: victim, purpose: 'login', ip: attacker }).catch((e) => e)
      if (r?.kind === 'code_daily_limit') refused++
    }
    expect(refused).toBe(config().CODE_DAILY_LIMIT_PER_TARGET + 2 - config().CODE_DAILY_LIMIT_PER_TARGET_AND_IP)
    await expire(victim)
    const owner = await sendCode({ channel: 'sms', target: victim, purpose: 'login', ip: '10.52.9.9' })
    expect(owner.expiresAt.getTime()).toBeGreaterThan(Date.now())
  })

  it('codes burnt by wrong tries give their send back to the target', async () => {
    const victim = phone()
    // Attackers spread over many addresses, each burning the code it asked for.
    for (let i = 0; i < config().CODE_DAILY_LIMIT_PER_TARGET + 3; i++) {
      await sendCode({ channel: 'sms', target: victim, purpose: 'login', ip: `10.53.${i}.1` })
      for (let t = 0; t < CODE_MAX_ATTEMPTS; t++) {
        await checkVerificationCode({ channel: 'sms', target: victim, purpose: 'login', code: 'xxxxxx' }).catch(() => undefined)
      }
      expect(await db().verificationCode.count({ where: { target: victim, liveKey: { not: null } } })).toBe(0)
      await expire(victim)
    }
    const owner = await sendCode({ channel: 'sms', target: victim, purpose: 'login', ip: '10.53.250.1' })
    expect(owner.code).toMatch(/^\d{6}$/)
  })
})

describe('enumeration through ThinkSNS+ send-code (item 8)', () => {
  it('150 probes of POST /api/v2/verifycodes from one address: later ones get 429 Too Many Attempts.', async () => {
    const from = { headers: { 'x-forwarded-for': '10.54.0.1' } }
    const statuses: number[] = []
    for (let i = 0; i < 150; i++) {
      const r = await call(thinksns.sendUserCode, jsonRequest('/api/v2/verifycodes', { phone: phone() }, from))
      statuses.push(r.status)
      if (r.status === 422) expect(r.text).toContain('用户不存在')
      if (r.status === 429) expect(r.text).toBe('{"message":"Too Many Attempts."}')
    }
    expect(statuses.slice(0, 10).every((s) => s === 422)).toBe(true)
    expect(statuses.slice(100).every((s) => s === 429)).toBe(true)
  })

  it('probes of /verifycodes/register share the budget', async () => {
    const from = { headers: { 'x-forwarded-for': '10.54.0.2' } }
    let last = 0
    for (let i = 0; i < 150; i++) last = (await call(thinksns.sendRegisterCode, jsonRequest('/api/v2/verifycodes/register', { phone: phone() }, from))).status
    expect(last).toBe(429)
  })
})
