// Legacy hashes made by the real hashing code verify as they are, and the first good sign-in
// replaces them with our argon2id in the same write (#22).
import { describe, expect, it } from 'vitest'
import { verifyPassword } from '../../lib/core/passwords'
import { countLegacyPasswordFormats, passwordFormat } from '../../lib/core/legacy-passwords'
import { authenticateWithPassword } from '../../lib/core/users'
import { isAuthError } from '../../lib/core/errors'
import { db } from '../../lib/db'
import { makeUser } from '../factories'
import { md5Hex, phpBcrypt, werkzeugHash } from './legacy-hashes'

const PW = 'Old-pass_word 123'

describe('legacy password hashes from the real hashing code', () => {
  const [bcrypt10] = phpBcrypt([PW], 10)
  const [bcrypt13] = phpBcrypt([PW], 13)
  const werkzeug = werkzeugHash([
    [PW, 'pbkdf2:sha1:1000'],
    [PW, 'pbkdf2:sha256:50000'],
    [PW, 'pbkdf2:sha512:1000'],
    [PW, 'pbkdf2:sha256'],
    [PW, 'scrypt'],
    [PW, 'scrypt:16384:8:1'],
  ])
  const cases: [string, string, string][] = [
    ['php $2y$10$', bcrypt10, 'bcrypt'],
    ['php $2y$13$', bcrypt13, 'bcrypt'],
    ['md5 (Hyperf)', md5Hex(PW), 'md5'],
    ['hyperf sample row md5("1234567")', 'fcea920f7412b5da7be0cf42b8c93759', 'md5'],
    ...werkzeug.map((h): [string, string, string] => [`werkzeug ${h.split('$')[0]}`, h, h.split(':')[0]]),
  ]

  it.each(cases)('%s: names its format', (_label, hash, format) => {
    expect(hash.startsWith('$2y$') || !hash.startsWith('$2')).toBe(true)
    expect(passwordFormat(hash)).toBe(format)
  })

  it.each(cases)('%s: the right password matches, a wrong one does not', async (label, hash) => {
    const password = label.includes('1234567') ? '1234567' : PW
    expect(await verifyPassword(hash, password)).toEqual({ ok: true, needsRehash: true })
    expect((await verifyPassword(hash, password + 'x')).ok).toBe(false)
    expect((await verifyPassword(hash, password.slice(1))).ok).toBe(false)
  })

  it("Werkzeug's old plain sha256$salt$hex (HMAC with the salt as key) and $2a$/$2b$ bcrypt", async () => {
    const { createHmac } = await import('node:crypto')
    const plain = `sha256$abcdEFGH$${createHmac('sha256', 'abcdEFGH').update(PW).digest('hex')}`
    expect(passwordFormat(plain)).toBe('werkzeug-plain')
    expect((await verifyPassword(plain, PW)).ok).toBe(true)
    expect((await verifyPassword(plain, 'nope')).ok).toBe(false)
    const b = bcrypt10.replace('$2y$', '$2b$')
    expect((await verifyPassword(b, PW)).ok).toBe(true)
    expect((await verifyPassword(bcrypt10.replace('$2y$', '$2a$'), PW)).ok).toBe(true)
  })

  it('an unknown format never matches', async () => {
    for (const h of ['', 'plain$$' + PW, 'crypt$xx$yy', '$1$abc$def', 'pbkdf2:md4:1000$s$00', 'scrypt:3:8:1$s$' + '0'.repeat(128)]) {
      expect(passwordFormat(h)).toBeNull()
      expect((await verifyPassword(h, PW)).ok).toBe(false)
    }
  })

  it.each(cases.filter(([l]) => !l.includes('1234567')))('%s: first good sign-in rehashes to argon2id; the legacy hash is gone', async (_label, hash) => {
    const { user } = await makeUser()
    await db().user.update({ where: { id: user.id }, data: { passwordHash: hash } })
    await expect(authenticateWithPassword(user.name, 'wrong-password')).rejects.toSatisfy((e) => isAuthError(e, 'wrong_password'))
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(hash)
    const signedIn = await authenticateWithPassword(user.name, PW)
    expect(signedIn.id).toBe(user.id)
    const after = (await db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash!
    expect(after.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true)
    expect(after).not.toBe(hash)
    expect(await verifyPassword(after, PW)).toEqual({ ok: true, needsRehash: false })
    // The same password keeps working from the new hash.
    expect((await authenticateWithPassword(user.name, PW)).id).toBe(user.id)
  })

  it('counts users per legacy format, md5 marked weak', async () => {
    const before = await countLegacyPasswordFormats()
    const { user: a } = await makeUser()
    const { user: b } = await makeUser()
    await db().user.update({ where: { id: a.id }, data: { passwordHash: md5Hex('x') } })
    await db().user.update({ where: { id: b.id }, data: { passwordHash: bcrypt10 } })
    const after = await countLegacyPasswordFormats()
    const n = (rows: typeof after, f: string) => rows.find((r) => r.format === f)!.users
    expect(n(after, 'md5') - n(before, 'md5')).toBe(1)
    expect(n(after, 'bcrypt') - n(before, 'bcrypt')).toBe(1)
    expect(after.find((r) => r.format === 'md5')!.weak).toBe(true)
    expect(after.find((r) => r.format === 'bcrypt')!.weak).toBe(false)
  })
})
