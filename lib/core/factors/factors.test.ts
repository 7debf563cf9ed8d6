// #26: TOTP enrolment, replay of a code, the try limit, recovery codes spent once, tickets, removal.
import { afterEach, describe, expect, it } from 'vitest'
import { Secret, TOTP } from 'otpauth'
import { makeUser } from '../../../test/factories'
import { kindOf } from '../../../test/errors'
import { db } from '../../db'
import { loadConfig, setConfigForTests } from '../../config'
import { authenticateWithPassword } from '../users'
import { SECOND_FACTOR_MAX_TRIES, TOTP_PERIOD_SECONDS } from '../rules'
import { beginTotpEnrolment, confirmTotpEnrolment, matchingStep } from './totp'
import { hasSecondFactor, issueSecondFactorTicket, listFactors, readSecondFactorTicket, removeFactor, resetFactors, verifySecondFactor } from './index'

const codeAt = (secret: string, ms: number) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: ms })
const STEP = TOTP_PERIOD_SECONDS * 1000

async function enrolled() {
  const { user, password } = await makeUser()
  const e = await beginTotpEnrolment(user)
  const recovery = await confirmTotpEnrolment(user.id, e.factorId, codeAt(e.secret, Date.now()))
  return { user, password, secret: e.secret, recovery }
}

/** A code of the step after the current one: fresh (not yet accepted) and inside the ±1 skew. */
const nextCode = (secret: string) => codeAt(secret, Date.now() + STEP)

describe('TOTP', () => {
  it('accepts a code of the step before or after (±1 skew), not two steps away', () => {
    const secret = new Secret({ size: 20 }).base32
    const now = Date.parse('2026-01-01T12:00:10Z')
    const step = Math.floor(now / STEP)
    expect(matchingStep(secret, codeAt(secret, now), now)).toBe(step)
    expect(matchingStep(secret, codeAt(secret, now - STEP), now)).toBe(step - 1)
    expect(matchingStep(secret, codeAt(secret, now + STEP), now)).toBe(step + 1)
    expect(matchingStep(secret, codeAt(secret, now - 2 * STEP), now)).toBeNull()
    expect(matchingStep(secret, codeAt(secret, now + 2 * STEP), now)).toBeNull()
  })

  it('is a factor only once confirmed; the enrolment shows the secret in an otpauth URI and makes ten recovery codes', async () => {
    const { user } = await makeUser()
    const e = await beginTotpEnrolment(user)
    expect(e.uri).toMatch(new RegExp(`^otpauth://totp/.+secret=${e.secret}`))
    expect(await hasSecondFactor(user.id)).toBe(false)
    expect(await kindOf(confirmTotpEnrolment(user.id, e.factorId, codeAt(e.secret, Date.now() + 5 * STEP)))).toBe('code_invalid')
    const codes = await confirmTotpEnrolment(user.id, e.factorId, codeAt(e.secret, Date.now()))
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    expect(await hasSecondFactor(user.id)).toBe(true)
    // Stored hashed and the secret sealed: neither appears in the rows.
    const rows = await db().recoveryCode.findMany({ where: { userId: user.id } })
    expect(rows.map((r) => r.codeHash)).not.toContain(codes[0])
    const factor = await db().userFactor.findFirstOrThrow({ where: { userId: user.id } })
    expect(factor.secret).not.toContain(e.secret)
  })

  it('refuses a replayed code: the same code twice, and an older one after a newer one', async () => {
    const { user, secret } = await enrolled()
    const code = nextCode(secret)
    await verifySecondFactor(user.id, { totp: code })
    expect(await kindOf(verifySecondFactor(user.id, { totp: code }))).toBe('code_invalid')
    // The current step's code is older than the one just used: refused too.
    expect(await kindOf(verifySecondFactor(user.id, { totp: codeAt(secret, Date.now()) }))).toBe('code_invalid')
    const failures = await db().auditEvent.count({ where: { userId: user.id, kind: 'factor.failed' } })
    expect(failures).toBe(2)
  })

  it('of two concurrent uses of one code exactly one succeeds', async () => {
    const { user, secret } = await enrolled()
    const code = nextCode(secret)
    const results = await Promise.allSettled([verifySecondFactor(user.id, { totp: code }), verifySecondFactor(user.id, { totp: code })])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  })

  it(`limits wrong answers to ${SECOND_FACTOR_MAX_TRIES} per window: then even the right code is refused`, async () => {
    const { user, secret } = await enrolled()
    const right = nextCode(secret)
    const wrong = right === '123456' ? '654321' : '123456'
    for (let i = 0; i < SECOND_FACTOR_MAX_TRIES; i++) expect(await kindOf(verifySecondFactor(user.id, { totp: wrong }))).toBe('code_invalid')
    expect(await kindOf(verifySecondFactor(user.id, { totp: right }))).toBe('rate_limited')
    expect(await kindOf(verifySecondFactor(user.id, { recovery: 'AAAAA-AAAAA' }))).toBe('rate_limited')
    // Another account's tries are its own.
    const other = await enrolled()
    await verifySecondFactor(other.user.id, { totp: nextCode(other.secret) })
  })
})

describe('recovery codes', () => {
  it('each works once, in any case and with or without the dash', async () => {
    const { user, recovery } = await enrolled()
    await verifySecondFactor(user.id, { recovery: recovery[0].toLowerCase().replace('-', '') })
    expect(await kindOf(verifySecondFactor(user.id, { recovery: recovery[0] }))).toBe('code_invalid')
    await verifySecondFactor(user.id, { recovery: recovery[1] })
    const other = await enrolled()
    // One user's code is nothing to another.
    expect(await kindOf(verifySecondFactor(other.user.id, { recovery: recovery[2] }))).toBe('code_invalid')
  })
})

describe('second-factor tickets', () => {
  it('name the user until they expire; an altered one names nobody', () => {
    const t = issueSecondFactorTicket(42)
    expect(readSecondFactorTicket(t)).toBe(42)
    expect(readSecondFactorTicket(t.replace(/^42\./, '43.'))).toBeNull()
    expect(readSecondFactorTicket(issueSecondFactorTicket(42, Date.now() - 10 * 60_000))).toBeNull()
    expect(readSecondFactorTicket('garbage')).toBeNull()
  })
})

describe('removal and reset', () => {
  it('removing the TOTP factor drops the recovery codes; an admin reset removes all, audited', async () => {
    const a = await enrolled()
    const [f] = await listFactors(a.user.id)
    await removeFactor(a.user.id, f.id)
    expect(await hasSecondFactor(a.user.id)).toBe(false)
    expect(await db().recoveryCode.count({ where: { userId: a.user.id } })).toBe(0)

    const b = await enrolled()
    const { user: admin } = await makeUser()
    expect(await resetFactors(b.user.id, { actorId: admin.id })).toBe(1)
    expect(await hasSecondFactor(b.user.id)).toBe(false)
    expect(await db().auditEvent.count({ where: { userId: b.user.id, kind: 'factor.reset', actorId: admin.id } })).toBe(1)
  })
})

describe('legacy dialects (MFA_LEGACY_DIALECTS)', () => {
  afterEach(() => setConfigForTests(undefined))

  it('allow by default: a user with a second factor still signs in through a dialect with the password alone', async () => {
    const { user, password } = await enrolled()
    expect((await authenticateWithPassword(user.name, password!, { client: 'flask' })).id).toBe(user.id)
  })

  it('refuse: the dialect sign-in fails as a wrong password (audited); the browser still gets its first step', async () => {
    setConfigForTests(loadConfig({ ...process.env, MFA_LEGACY_DIALECTS: 'refuse' }))
    const { user, password } = await enrolled()
    expect(await kindOf(authenticateWithPassword(user.name, password!, { client: 'flask' }))).toBe('wrong_password')
    expect((await authenticateWithPassword(user.name, password!, { client: 'browser' })).id).toBe(user.id)
    const refused = await db().auditEvent.findMany({ where: { userId: user.id, kind: 'signin.failure' } })
    expect(refused.map((r) => JSON.parse(r.detail!).reason)).toContain('second_factor_required')
    // A user without a second factor is not affected.
    const plain = await makeUser()
    expect((await authenticateWithPassword(plain.name, plain.password!, { client: 'flask' })).id).toBe(plain.user.id)
  })
})
