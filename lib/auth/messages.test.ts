// The password policy's refusals as the browser forms see them (issue #21 item 9).
import { describe, expect, it } from 'vitest'
import { AuthError } from '../core/errors'
import { decodeSignInError, encodeSignInError, formError, formMessage } from './messages'
import { translatorFor } from '../i18n/translator'

const en = translatorFor('en')

describe('form messages for the password policy', () => {
  it('an invalid_input on the password becomes its own kind, with the shortest length allowed', () => {
    const short = formError(new AuthError('invalid_input', { field: 'password', reason: 'too_short', min: 12 }))
    expect(short).toEqual({ kind: 'password_too_short', n: 12 })
    expect(formMessage(en, short.kind, short.n)).toBe('Use at least 12 characters.')
    const common = formError(new AuthError('invalid_input', { field: 'password', reason: 'too_common' }))
    expect(common.kind).toBe('password_too_common')
    expect(formMessage(en, common.kind)).toMatch(/too common/)
    // Through next-auth's error string and back, as the sign-up form receives it.
    const back = decodeSignInError(encodeSignInError(short.kind, short.n))
    expect(formMessage(en, back.kind, back.retryAfter)).toBe('Use at least 12 characters.')
  })

  it('other errors keep their kind and wait', () => {
    expect(formError(new AuthError('rate_limited', { retryAfter: 30 }))).toEqual({ kind: 'rate_limited', n: 30 })
    expect(formError(new AuthError('invalid_input', { field: 'name', reason: 'format' }))).toEqual({ kind: 'invalid_input', n: undefined })
  })

  it('a refused code says what happened to it, in both languages and through next-auth and back', () => {
    const zh = translatorFor('zh-CN')
    const seen = new Set<string>()
    for (const reason of ['wrong', 'expired', 'used', 'too_many'] as const) {
      const e = formError(new AuthError('code_invalid', { reason }))
      expect(e).toEqual({ kind: 'code_invalid', reason })
      const back = decodeSignInError(encodeSignInError(e.kind, e.n, e.reason))
      expect(back).toEqual({ kind: 'code_invalid', reason })
      const words = formMessage(en, back.kind, back.retryAfter, back.reason)
      expect(words).not.toBe(formMessage(en, 'code_invalid'))
      expect(formMessage(zh, back.kind, undefined, back.reason)).not.toMatch(/⟦/)
      seen.add(words)
    }
    expect(seen.size).toBe(4)
    // A code_invalid without a reason (a TOTP code) keeps the general message; a foreign reason is ignored.
    expect(formError(new AuthError('code_invalid'))).toEqual({ kind: 'code_invalid', n: undefined })
    expect(decodeSignInError('code_invalid:bogus')).toEqual({ kind: 'code_invalid' })
    expect(formMessage(en, 'code_invalid')).toBe('Wrong or expired code.')
  })
})
