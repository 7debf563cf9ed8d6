// #21 item 11, confusable names: the character rule, the UTS #39 skeleton, names that are someone
// else's phone or email, and the back-fill that lets two confusable legacy names both keep working.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeUser, phone } from '../../test/factories'
import { kindOf } from '../../test/errors'
import { config } from '../config'
import { db, Prisma } from '../db'
import { migrate } from '../migrate'
import { nameKey, nameSkeleton } from './fields'
import { newUuid } from './ids'
import { NAME_PATTERN, nameCharsOk } from './rules'
import { assertAvailable, authenticateWithPassword, bindContact, createUser, findUserByLogin } from './users'
import { providerFor, sendCode } from '../providers'

const unique = () => Math.random().toString(36).slice(2, 8)

describe('name characters', () => {
  const bad = {
    'bidi override U+202E': 'ab\u202Ecd',
    'bidi isolate U+2066': 'ab\u2066cd',
    'zero-width space U+200B': 'ab\u200Bcd',
    'zero-width joiner U+200D': 'ab\u200Dcd',
    'BOM U+FEFF': '\uFEFFabcd',
    'soft hyphen U+00AD': 'ab\u00ADcd',
    'C1 control U+0085': 'ab\u0085cd',
    'C0 control U+0007': 'ab\u0007cd',
    'line separator U+2028': 'ab\u2028cd',
    'paragraph separator U+2029': 'ab\u2029cd',
    'private use U+E000': 'ab\uE000cd',
    'tag character U+E0041': 'ab\u{E0041}cd',
    'lone surrogate': 'ab\uD800cd',
    'unassigned U+0378': 'ab\u0378cd',
  }

  it.each(Object.entries(bad))('refuses a %s, in the rule and in NAME_PATTERN', (_what, name) => {
    expect(nameCharsOk(name)).toBe(false)
    expect(NAME_PATTERN.test(name)).toBe(false)
  })

  it('accepts Latin, Chinese, astral and combining-mark names', () => {
    for (const name of ['sradmin1', '张三丰', '𠮷野家', 'José', 'Jose\u0301', 'Ｗｉｄｅ', 'a b']) expect(nameCharsOk(name)).toBe(true)
    for (const name of ['sradmin1', '张三丰', '𠮷野家', 'José']) expect(NAME_PATTERN.test(name)).toBe(true)
  })

  it.each(['ab\u202Ecd', 'ab\u200Bcd', 'ab\u200Dcd', '\uFEFFabcd'])('createUser refuses %j as invalid_input on field name, for any dialect', async (raw) => {
    const name = raw.replace('ab', `ab${unique()}`)
    const e = await kindOf(createUser({ name, password: 'secret_123' }))
    expect(e).toBe('invalid_input')
    await expect(createUser({ name, password: 'secret_123' })).rejects.toMatchObject({ detail: { field: 'name' } })
    expect(await db().user.findUnique({ where: { nameKey: nameKey(name) } })).toBeNull()
  })
})

describe('name skeleton (UTS #39)', () => {
  it('maps homoglyphs, case and width to one key', () => {
    const s = nameSkeleton('sradmin1')
    expect(nameSkeleton('sr\u0430dmin1')).toBe(s) // Cyrillic а
    expect(nameSkeleton('SRADMIN1')).toBe(s)
    expect(nameSkeleton('ｓｒａｄｍｉｎ１')).toBe(s) // fullwidth
    expect(nameSkeleton('sradrnin1')).toBe(s) // r + n looks like m
    expect(nameSkeleton('sradminl')).toBe(s) // l looks like 1
    expect(nameSkeleton('Jose\u0301')).toBe(nameSkeleton('José'))
    expect(nameSkeleton('sradmin2')).not.toBe(s)
    expect(nameSkeleton('张三')).not.toBe(nameSkeleton('張三')) // simplified and traditional are different names
  })

  it('keys a phone- or email-shaped name by its normalised form', () => {
    expect(nameSkeleton('+86 138 0013 8000')).toBe(nameSkeleton('13800138000'))
    expect(nameSkeleton('0086-13800138000')).toBe(nameSkeleton('13800138000'))
    expect(nameSkeleton(' Me@Example.COM ')).toBe(nameSkeleton('me@example.com'))
  })

  it('refuses a new name confusable with an existing one as name_taken; the existing user is untouched', async () => {
    const base = `sradmin${unique().replace(/[^a-z]/g, 'x')}`
    const { user } = await makeUser({ name: base })
    expect(user.nameSkeleton).toBe(nameSkeleton(base))
    for (const look of [base.replace('a', '\u0430'), base.replace('m', 'rn'), base.toUpperCase().replace('S', '\u0405')]) {
      expect(await kindOf(createUser({ name: look, password: 'secret_123' }))).toBe('name_taken')
      expect(await kindOf(assertAvailable({ name: look }))).toBe('name_taken')
    }
    expect((await findUserByLogin(base))?.id).toBe(user.id)
  })

  it('two registrations racing with confusable names: one wins, the other is name_taken', async () => {
    const base = `race${unique().replace(/[^a-z]/g, 'x')}`
    const results = await Promise.allSettled([
      createUser({ name: base, password: 'secret_123' }),
      createUser({ name: base.replace('a', '\u0430'), password: 'secret_123' }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(failed.reason).toMatchObject({ kind: 'name_taken' })
  })
})

describe("another user's phone or email as a name", () => {
  it("refuses another user's phone, in any +86 / spaced form, as name_taken", async () => {
    const p = phone()
    await makeUser({ phone: p })
    for (const name of [p, `+86${p}`, `+86 ${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`, `0086-${p}`]) {
      expect(await kindOf(createUser({ name, password: 'secret_123', phone: phone() }))).toBe('name_taken')
    }
  })

  it("refuses another user's email as name_taken, in any case", async () => {
    const email = `owner${unique()}@example.com`
    await makeUser({ email })
    expect(await kindOf(createUser({ name: email.toUpperCase(), password: 'secret_123' }))).toBe('name_taken')
  })

  it('accepts the new user’s own phone as their name: it finds the same user both ways', async () => {
    const p = phone()
    const user = await createUser({ name: p, password: 'secret_123', phone: p })
    expect((await findUserByLogin(p))?.id).toBe(user.id)
    expect((await authenticateWithPassword(`+86${p}`, 'secret_123')).id).toBe(user.id)
  })

  it('binding a phone that is another user’s name: the verified phone wins the login string (decision 0009)', async () => {
    const p = phone()
    const { user: squatter } = await makeUser({ name: p, password: 'squatter_1' })
    const { user: owner } = await makeUser({ password: 'owner_pass_1' })
    const sent = await sendCode({ channel: 'sms', target: p, purpose: 'bind' })
    await bindContact(owner.id, { channel: 'sms', target: p, code: sent.code! }, { providers: providerFor })
    expect((await findUserByLogin(p))?.id).toBe(owner.id)
    expect((await authenticateWithPassword(p, 'owner_pass_1')).id).toBe(owner.id)
    expect(squatter.id).not.toBe(owner.id)
  })
})

describe('back-fill of old rows', () => {
  it('gives old rows a skeleton in id order; of two confusable legacy names the older keeps it, both still sign in', async () => {
    const base = `legacy${unique().replace(/[^a-z]/g, 'x')}`
    const twin = base.replace('a', '\u0430')
    const { hashPassword } = await import('./passwords')
    const hash = await hashPassword('legacy_pass_1')
    const now = new Date()
    for (const name of [base, twin]) {
      await db().$executeRaw(
        Prisma.sql`INSERT INTO "User" ("uuid", "name", "nameKey", "passwordHash", "createdAt", "updatedAt") VALUES (${newUuid()}, ${name}, ${nameKey(name)}, ${hash}, ${now}, ${now})`,
      )
    }
    await migrate(config().database, path.resolve(__dirname, '../..'))
    const older = await db().user.findUniqueOrThrow({ where: { nameKey: nameKey(base) } })
    const newer = await db().user.findUniqueOrThrow({ where: { nameKey: nameKey(twin) } })
    expect(older.id).toBeLessThan(newer.id)
    expect(older.nameSkeleton).toBe(nameSkeleton(base))
    expect(newer.nameSkeleton).toBeNull()
    expect((await authenticateWithPassword(base, 'legacy_pass_1')).id).toBe(older.id)
    expect((await authenticateWithPassword(twin, 'legacy_pass_1')).id).toBe(newer.id)
    // A third look-alike is refused: the older row holds the skeleton.
    expect(await kindOf(createUser({ name: base.replace('e', '\u0435'), password: 'secret_123' }))).toBe('name_taken')
  })
})
