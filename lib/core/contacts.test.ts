// #21 item 7: a contact stored without a code (Flask register's email) is unproved. It signs nobody
// in by code, does not count for "is there an account for this address", and a code-backed claim
// by its real owner takes it; registration is limited per address.
import { afterEach, describe, expect, it } from 'vitest'
import { makeUser, phone } from '../../test/factories'
import { kindOf as kind } from '../../test/errors'
import { providerFor, sendCode } from '../providers'
import { config, setConfigForTests } from '../config'
import { db } from '../db'
import {
  assertAvailable,
  authenticateWithCode,
  authenticateWithPassword,
  bindContact,
  createUser,
  findUserByLogin,
  findUserByVerifiedContact,
  removeContact,
  renameUser,
  signInMethods,
} from './users'

afterEach(() => setConfigForTests(undefined))

const mail = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 10)}@example.com`
const codeFor = async (channel: 'sms' | 'mail', target: string, purpose: 'register' | 'login' | 'bind') => (await sendCode({ channel, target, purpose })).code!

describe('unverified contacts (pre-account takeover)', () => {
  it('an email given without a code is stored unproved; one proved by the registration code is proved', async () => {
    const email = mail('plain')
    const flask = await createUser({ name: 'flasky', password: 'secret_123', email })
    expect(flask.email).toBe(email)
    expect(flask.emailVerifiedAt).toBeNull()

    // ThinkSNS+ registration by SMS code with an email too: the phone is proved, the email is not.
    const p = phone()
    const other = mail('both')
    const both = await createUser({ name: 'bothy', phone: p, email: other }, { code: { channel: 'sms', target: p, code: await codeFor('sms', p, 'register') } })
    expect(both.phoneVerifiedAt).toBeInstanceOf(Date)
    expect(both.emailVerifiedAt).toBeNull()
  })

  it("the attack: a mail code for an address someone stored unproved does not sign in to that someone's account", async () => {
    const victim = mail('victim')
    const attacker = await createUser({ name: 'attacker1', password: 'attacker_pw', email: victim })
    // The code reaches the victim, who spends it: the attacker's account is not where they land.
    const code = await codeFor('mail', victim, 'login')
    expect(await kind(authenticateWithCode({ channel: 'mail', target: victim, code }))).toBe('user_not_found')
    expect(await findUserByVerifiedContact('mail', victim)).toBeNull()
    // The same for a phone stored without a code.
    const p = phone()
    await createUser({ name: 'attacker2', password: 'attacker_pw', phone: p })
    expect(await kind(authenticateWithCode({ channel: 'sms', target: p, code: await codeFor('sms', p, 'login') }))).toBe('user_not_found')
    // Password sign-in by the email still reaches the account of whoever set the password (documented).
    expect((await authenticateWithPassword(victim, 'attacker_pw')).id).toBe(attacker.id)
    expect((await findUserByLogin(victim))?.id).toBe(attacker.id)
  })

  it("the owner's registration by code takes the address from the unproved holder, audited; then code sign-in lands in the owner's account", async () => {
    const victim = mail('owner')
    const attacker = await createUser({ name: 'squatter', password: 'attacker_pw', email: victim })
    // Without a code the squatter's address is still taken (Flask register, the browser without a code).
    expect(await kind(createUser({ name: 'nocode', email: victim }))).toBe('email_taken')
    // A code-backed claim is not refused by an unproved holder.
    expect(await kind(assertAvailable({ email: victim }, { claim: 'email' }))).toBe('ok')
    expect(await kind(assertAvailable({ email: victim }))).toBe('email_taken')

    const owner = await createUser(
      { name: 'realowner', password: 'owner_pw_1', email: victim },
      { code: { channel: 'mail', target: victim, code: await codeFor('mail', victim, 'register') } },
    )
    expect(owner.email).toBe(victim)
    expect(owner.emailVerifiedAt).toBeInstanceOf(Date)
    const squatter = await db().user.findUniqueOrThrow({ where: { id: attacker.id } })
    expect(squatter.email).toBeNull()
    const released = await db().auditEvent.findMany({ where: { kind: 'contact.released', userId: attacker.id } })
    expect(released).toHaveLength(1)
    expect(JSON.parse(released[0].detail!)).toMatchObject({ field: 'email' })

    const signedIn = await authenticateWithCode({ channel: 'mail', target: victim, code: await codeFor('mail', victim, 'login') })
    expect(signedIn.id).toBe(owner.id)
    // The squatter's password no longer opens anything by that address.
    expect(await kind(authenticateWithPassword(victim, 'attacker_pw'))).toBe('wrong_password')
  })

  it('a proved holder keeps the address: a code-backed claim by someone else is refused', async () => {
    const email = mail('proved')
    await makeUser({ email })
    expect(await kind(assertAvailable({ email }, { claim: 'email' }))).toBe('email_taken')
    expect(
      await kind(createUser({ name: 'claimer', email }, { code: { channel: 'mail', target: email, code: await codeFor('mail', email, 'register') } })),
    ).toBe('email_taken')
  })

  it("binding proves a user's own unproved contact, and takes another's unproved one", async () => {
    const own = mail('own')
    const me = await createUser({ name: 'binder', password: 'secret_123', email: own })
    const proved = await bindContact(me.id, { channel: 'mail', target: own, code: await codeFor('mail', own, 'bind') }, { providers: providerFor })
    expect(proved.emailVerifiedAt).toBeInstanceOf(Date)
    expect((await findUserByVerifiedContact('mail', own))?.id).toBe(me.id)

    const p = phone()
    const holder = await createUser({ name: 'holder', password: 'secret_123', phone: p })
    const taker = await bindContact(me.id, { channel: 'sms', target: p, code: await codeFor('sms', p, 'bind') }, { providers: providerFor })
    expect(taker.phone).toBe(p)
    expect(taker.phoneVerifiedAt).toBeInstanceOf(Date)
    expect((await db().user.findUniqueOrThrow({ where: { id: holder.id } })).phone).toBeNull()
    expect(await db().auditEvent.count({ where: { kind: 'contact.released', userId: holder.id } })).toBe(1)
  })
})

describe('registration limit per address', () => {
  it('counts every attempt from one address, refused ones too; another address is not affected', async () => {
    setConfigForTests({ ...config(), REGISTER_LIMIT_PER_HOUR_PER_IP: 3 })
    const ip = '198.51.100.7'
    expect(await kind(createUser({ name: 'flood1' }, { ip }))).toBe('ok')
    expect(await kind(createUser({ name: 'flood1' }, { ip }))).toBe('name_taken')
    expect(await kind(createUser({ name: 'flood2' }, { ip }))).toBe('ok')
    const refused = await createUser({ name: 'flood3' }, { ip }).catch((e) => e)
    expect(refused.kind).toBe('rate_limited')
    expect(refused.detail.retryAfter).toBeGreaterThan(60)
    expect(await findUserByLogin('flood3')).toBeNull()
    expect(await kind(createUser({ name: 'flood3' }, { ip: '198.51.100.8' }))).toBe('ok')
  })
})

describe('the person edits their own account (#24)', () => {
  const signInMethodsOf = async (id: number) => signInMethods((await db().user.findUniqueOrThrow({ where: { id } }))!)

  it('renames under the name rules and uniqueness; their own name in another case is fine', async () => {
    const { user } = await makeUser()
    const { user: other } = await makeUser()
    expect(await kind(renameUser(user.id, other.name.toUpperCase()))).toBe('name_taken')
    expect(await kind(renameUser(user.id, '1starts_with_digit'))).toBe('invalid_input')
    expect(await kind(renameUser(user.id, 'a'))).toBe('invalid_input')
    expect(await kind(renameUser(user.id, 'bad\u202Ename'))).toBe('invalid_input')
    const renamed = await renameUser(user.id, user.name.toUpperCase(), { ip: '203.0.113.5', client: 'browser' })
    expect(renamed.name).toBe(user.name.toUpperCase())
    const fresh = `新名字${Math.random().toString(36).slice(2, 6)}`
    expect((await renameUser(user.id, `  ${fresh} `)).name).toBe(fresh)
    expect((await findUserByLogin(fresh))?.id).toBe(user.id)
    expect(await findUserByLogin(user.name)).toBeNull()
    const audits = await db().auditEvent.findMany({ where: { userId: user.id, kind: 'user.updated' } })
    expect(audits.map((a) => JSON.parse(a.detail!))).toContainEqual({ fields: ['name'], by: 'user' })
  })

  it('removes a phone or email, but never the last way to sign in', async () => {
    const email = mail('rm')
    // No password: the proved phone and email are the ways in.
    const { user } = await makeUser({ password: null, phone: phone(), email })
    expect(await signInMethodsOf(user.id)).toEqual({ password: false, phone: true, email: true, wechat: false, passkey: false })
    const after = await removeContact(user.id, 'email', { providers: providerFor })
    expect(after).toMatchObject({ email: null, emailVerifiedAt: null })
    expect(await kind(removeContact(user.id, 'phone', { providers: providerFor }))).toBe('forbidden')
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).phone).toBe(user.phone)
    // The removed address was told.
    expect(await db().outboxMessage.count({ where: { recipient: email, purpose: 'notice' } })).toBe(1)
  })

  it('an unproved contact is no way in; a password, WeChat or a passkey is', async () => {
    const { user } = await makeUser({ password: null, phone: phone(), email: mail('unproved') })
    await db().user.update({ where: { id: user.id }, data: { emailVerifiedAt: null } })
    expect(await kind(removeContact(user.id, 'phone', { providers: providerFor }))).toBe('forbidden')
    await db().userFactor.create({
      data: { id: `pk-${user.id}`, userId: user.id, kind: 'passkey', name: 'Laptop', credentialId: `c-${user.id}`, confirmedAt: new Date() },
    })
    expect(await kind(removeContact(user.id, 'phone', { providers: providerFor }))).toBe('ok')

    const { user: withPassword } = await makeUser({ phone: phone() })
    expect(await kind(removeContact(withPassword.id, 'phone', { providers: providerFor }))).toBe('ok')
    const { user: wechat } = await makeUser({ password: null, phone: phone(), wechatOpenid: `wx-${Date.now()}` })
    expect(await kind(removeContact(wechat.id, 'phone', { providers: providerFor }))).toBe('ok')
  })

  it('two removals at once cannot both pass: one way in is always left', async () => {
    const { user } = await makeUser({ password: null, phone: phone(), email: mail('race') })
    const results = await Promise.all([
      kind(removeContact(user.id, 'phone', { providers: providerFor })),
      kind(removeContact(user.id, 'email', { providers: providerFor })),
    ])
    expect(results.sort()).toEqual(['forbidden', 'ok'])
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } })
    expect(row.phone !== null || row.email !== null).toBe(true)
  })
})
