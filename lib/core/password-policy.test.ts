// The password policy (issue #21 item 9) on its own, and at every core use case that sets a password.
import { providerFor } from '../providers'
import { afterEach, describe, expect, it } from 'vitest'
import { makeUser } from '../../test/factories'
import { kindOf } from '../../test/errors'
import { config, loadConfig, setConfigForTests } from '../config'
import { AuthError } from './errors'
import { assertPasswordAllowed, passwordProblem } from './password-policy'
import { PASSWORD_MAX, PASSWORD_MIN } from './rules'
import { authenticateWithPassword, changePassword, createUser, resetPassword } from './users'

const base = config()
afterEach(() => setConfigForTests(base))

const refusal = (fn: () => unknown): { kind: string; detail: unknown } | null => {
  try {
    fn()
    return null
  } catch (e) {
    return e instanceof AuthError ? { kind: e.kind, detail: e.detail } : { kind: 'not an AuthError', detail: e }
  }
}

describe('password policy', () => {
  it('refuses passwords shorter than PASSWORD_MIN_LENGTH (default 8), counting code points', () => {
    expect(config().PASSWORD_MIN_LENGTH).toBe(PASSWORD_MIN)
    expect(PASSWORD_MIN).toBe(8)
    expect(passwordProblem('1')).toBe('too_short')
    expect(passwordProblem('')).toBe('too_short')
    expect(passwordProblem('xQ7-vb2')).toBe('too_short') // 7
    expect(passwordProblem('xQ7-vb2k')).toBeNull() // 8
    // Four astral characters are eight UTF-16 units but four characters.
    expect(passwordProblem('😀😀😀😀')).toBe('too_short')
    expect(passwordProblem('密码是我的小秘密啊')).toBeNull()
  })

  it('refuses passwords longer than PASSWORD_MAX', () => {
    expect(passwordProblem('x'.repeat(PASSWORD_MAX) + 'Q')).toBe('too_long')
    expect(passwordProblem('xQ7-vb2k'.repeat(PASSWORD_MAX / 8))).toBeNull()
  })

  it('refuses the most common passwords, case-insensitively after NFKC', () => {
    for (const p of ['password', '12345678', '123456789', 'qwertyuiop', '1qaz2wsx', 'iloveyou', 'a1234567', 'qq123456', 'password1']) {
      expect(passwordProblem(p), p).toBe('too_common')
    }
    expect(passwordProblem('PASSWORD')).toBe('too_common')
    expect(passwordProblem('PassWord')).toBe('too_common')
    // Fullwidth forms fold to ASCII under NFKC.
    expect(passwordProblem('ｐａｓｓｗｏｒｄ')).toBe('too_common')
    expect(passwordProblem('１２３４５６７８')).toBe('too_common')
    // Seed 002's example password is both too short and common: length is said first.
    expect(passwordProblem('1234567')).toBe('too_short')
    expect(passwordProblem('correct-horse-battery')).toBeNull()
  })

  it('follows the PASSWORD_MIN_LENGTH setting, which may be raised but not lowered below the browser forms’ 8', () => {
    setConfigForTests(loadConfig({ ...process.env, PASSWORD_MIN_LENGTH: '12' }))
    expect(passwordProblem('xQ7-vb2kLm9')).toBe('too_short') // 11
    expect(passwordProblem('xQ7-vb2kLm9z')).toBeNull()
    expect(() => loadConfig({ ...process.env, PASSWORD_MIN_LENGTH: '6' })).toThrow(/PASSWORD_MIN_LENGTH/)
    expect(() => loadConfig({ ...process.env, PASSWORD_MIN_LENGTH: '65' })).toThrow(/PASSWORD_MIN_LENGTH/)
    expect(() => loadConfig({ ...process.env, PASSWORD_MIN_LENGTH: 'eight' })).toThrow(/PASSWORD_MIN_LENGTH/)
  })

  it('throws invalid_input with the field, the reason and the limits', () => {
    expect(refusal(() => assertPasswordAllowed('1'))).toEqual({
      kind: 'invalid_input',
      detail: { field: 'password', reason: 'too_short', min: PASSWORD_MIN, max: PASSWORD_MAX },
    })
    expect(refusal(() => assertPasswordAllowed('Password'))).toMatchObject({ kind: 'invalid_input', detail: { field: 'password', reason: 'too_common' } })
    expect(refusal(() => assertPasswordAllowed('my-long-passphrase'))).toBeNull()
  })
})

describe('every core use case that sets a password applies it', () => {
  it('createUser refuses a weak password and creates nobody', async () => {
    for (const [password, reason] of [
      ['1', 'too_short'],
      ['password', 'too_common'],
      ['12345678', 'too_common'],
    ] as const) {
      const err = await createUser({ name: `weak_${reason}_${password.length}`, password }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(AuthError)
      expect((err as AuthError).detail).toMatchObject({ field: 'password', reason })
      expect(await kindOf(authenticateWithPassword(`weak_${reason}_${password.length}`, password))).toBe('user_not_found')
    }
    // An empty string is a password that is too short, not "no password".
    expect((await createUser({ name: 'weak_empty', password: '' }).catch((e: AuthError) => e)) as AuthError).toMatchObject({ detail: { reason: 'too_short' } })
    // No password at all (SMS-only, WeChat) is still allowed.
    expect((await createUser({ name: 'no_password_user', password: null })).passwordHash).toBeNull()
  })

  it('changePassword refuses a weak new password and keeps the old one', async () => {
    const { user, name, password } = await makeUser({ name: 'changer' })
    expect(await kindOf(changePassword(user.id, password!, 'qwertyuiop', { providers: providerFor }))).toBe('invalid_input')
    expect(await kindOf(changePassword(user.id, password!, 'short', { providers: providerFor }))).toBe('invalid_input')
    expect((await authenticateWithPassword(name, password!)).id).toBe(user.id)
    await changePassword(user.id, password!, 'a-better-pass-2024', { providers: providerFor })
    expect((await authenticateWithPassword(name, 'a-better-pass-2024')).id).toBe(user.id)
  })

  it("the admin's resetPassword refuses a weak password", async () => {
    const { user, name, password } = await makeUser({ name: 'resettee' })
    expect(await kindOf(resetPassword(user.id, 'iloveyou'))).toBe('invalid_input')
    expect(await kindOf(resetPassword(user.id, '1234'))).toBe('invalid_input')
    expect((await authenticateWithPassword(name, password!)).id).toBe(user.id)
  })

  it('sign-in does not apply the policy: a password set before it keeps working', async () => {
    const { user } = await makeUser({ name: 'old_timer' })
    const { hashPassword } = await import('./passwords')
    const { db } = await import('../db')
    await db().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword('123') } })
    expect((await authenticateWithPassword('old_timer', '123')).id).toBe(user.id)
  })
})
