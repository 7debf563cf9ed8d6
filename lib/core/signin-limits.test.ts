// Issue #21 item 3, performed as the attacker would: guessing one account's password under every
// spelling of its identifiers, and from many addresses at once to keep its owner out.
import { describe, expect, it } from 'vitest'
import { makeUser, phone } from '../../test/factories'
import { kindOf as kind } from '../../test/errors'
import { authenticateWithCode, authenticateWithPassword, changePassword, recordSignIn } from './users'
import { providerFor, sendCode } from '../providers'
import { config } from '../config'
import { db } from '../db'

const limit = () => config().LOGIN_LIMIT_PER_MINUTE
/** The next attacker address: a new one for every guess, so only the account's counter can fill. */
let host = 0
const attacker = () => `10.77.${Math.floor(host / 250) % 250}.${(host++ % 250) + 1}`

/** The account-wide window is over: what "a minute later" looks like to the counters. */
const aMinuteLater = (userId: number) =>
  db().rateLimit.updateMany({ where: { key: `signin:user:${userId}` }, data: { windowStart: new Date(Date.now() - 61_000) } })

describe('sign-in limits under attack (#21 item 3)', () => {
  it('every spelling of one account spends one counter: name, email, +86 / 0086 / spaced phone, other case', async () => {
    const p = phone()
    const { user, name, password } = await makeUser({ email: `${phone()}@example.com`, phone: p })
    const spellings = [
      name,
      name.toUpperCase(),
      user.email!,
      user.email!.toUpperCase(),
      `+86${p}`,
      `0086${p}`,
      `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`,
      p,
    ]
    for (let i = 0; i < limit(); i++)
      expect(await kind(authenticateWithPassword(spellings[i % spellings.length], 'wrong', { ip: attacker() }))).toBe('wrong_password')
    // The next guess, even the right password under a spelling not used yet, is refused.
    expect(await kind(authenticateWithPassword(`+86 ${p}`, password!, { ip: attacker() }))).toBe('rate_limited')
  })

  it('guesses at an unknown identifier count under its normalised form (fullwidth, case)', async () => {
    const ghost = `ghost${phone()}`
    const fullwidth = ghost.replace(/[a-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
    for (let i = 0; i < limit(); i++) {
      const spelling = [ghost, ghost.toUpperCase(), fullwidth][i % 3]
      expect(await kind(authenticateWithPassword(spelling, 'wrong', { ip: attacker() }))).toBe('user_not_found')
    }
    expect(await kind(authenticateWithPassword(fullwidth.toUpperCase(), 'wrong', { ip: attacker() }))).toBe('rate_limited')
  })

  it('30 wrong tries from 30 addresses do not keep the owner out: their own address, SMS code, and a minute later anywhere', async () => {
    const p = phone()
    const { user, name, password } = await makeUser({ phone: p })
    const home = '10.78.0.1'
    await recordSignIn(user, { ip: home })
    for (let i = 0; i <= limit(); i++) await authenticateWithPassword(name, 'wrong', { ip: attacker() }).catch(() => undefined)
    expect(await kind(authenticateWithPassword(name, password!, { ip: attacker() }))).toBe('rate_limited')

    // The owner at home signs in with their password.
    expect((await authenticateWithPassword(name, password!, { ip: home })).id).toBe(user.id)
    // From a new address, by SMS code.
    const { code } = await sendCode({ channel: 'sms', target: p, purpose: 'login', ip: '10.78.0.2' })
    expect((await authenticateWithCode({ channel: 'sms', target: p, code: code! }, { ip: '10.78.0.2' })).id).toBe(user.id)
    // And the slow-down ends with its window: a minute, not hours.
    const [row] = await db().rateLimit.findMany({ where: { key: `signin:user:${user.id}` } })
    expect(row.windowStart.getTime()).toBeGreaterThan(Date.now() - 60_000)
    await aMinuteLater(user.id)
    expect((await authenticateWithPassword(name, password!, { ip: '10.78.0.3' })).id).toBe(user.id)
  })

  it('the owner’s own address has a counter of its own: an attacker there is limited too', async () => {
    const { user, name, password } = await makeUser()
    const home = '10.79.0.1'
    await recordSignIn(user, { ip: home })
    for (let i = 0; i < limit(); i++) expect(await kind(authenticateWithPassword(name, 'wrong', { ip: home }))).toBe('wrong_password')
    expect(await kind(authenticateWithPassword(name, password!, { ip: home }))).toBe('rate_limited')
    // Which does not lock the account elsewhere.
    expect((await authenticateWithPassword(name, password!, { ip: attacker() })).id).toBe(user.id)
  })

  it('only failures count: an owner signing in often is never limited', async () => {
    const { name, password } = await makeUser()
    for (let i = 0; i < limit() + 5; i++) expect(await kind(authenticateWithPassword(name, password!, { ip: attacker() }))).toBe('ok')
  })

  it('the current-password check on the account page shares the account’s counter', async () => {
    const { user, name, password } = await makeUser()
    for (let i = 0; i < limit(); i++)
      expect(await kind(changePassword(user.id, 'wrong', 'new_secret_456', { ip: attacker(), providers: providerFor }))).toBe('wrong_password')
    expect(await kind(changePassword(user.id, password!, 'new_secret_456', { ip: attacker(), providers: providerFor }))).toBe('rate_limited')
    expect(await kind(authenticateWithPassword(name, password!, { ip: attacker() }))).toBe('rate_limited')
    await aMinuteLater(user.id)
    expect(await kind(changePassword(user.id, password!, 'new_secret_456', { ip: attacker(), providers: providerFor }))).toBe('ok')
  })
})
