// Phone numbers as people type them into the pages (#24): full-width digits from a Chinese input
// method, spaces and dashes between groups, a +86 prefix in either width.
import { describe, expect, it } from 'vitest'
import { normalizePhone, normalizePhoneInput } from './fields'

describe('normalizePhoneInput', () => {
  it('folds full-width digits, plus sign, spaces and dashes', () => {
    expect(normalizePhoneInput('１３８００１３８０００')).toBe('13800138000')
    expect(normalizePhoneInput('＋８６ １３８ ００１３ ８０００')).toBe('13800138000')
    expect(normalizePhoneInput('138\u30000013\u30008000')).toBe('13800138000')
    expect(normalizePhoneInput('138－0013－8000')).toBe('13800138000')
    expect(normalizePhoneInput('138–0013—8000')).toBe('13800138000')
    expect(normalizePhoneInput(' +86 138-0013-8000 ')).toBe('13800138000')
    expect(normalizePhoneInput('0086 13800138000')).toBe('13800138000')
  })

  it('still refuses what is not a mainland mobile number', () => {
    expect(normalizePhoneInput('１２３４５')).toBeNull()
    expect(normalizePhoneInput('１２８００１３８０００')).toBeNull()
    expect(normalizePhoneInput('138001380００x')).toBeNull()
    expect(normalizePhoneInput('')).toBeNull()
  })

  it('leaves the dialects’ normalizePhone as it was: full-width digits are not a number there', () => {
    expect(normalizePhone('１３８００１３８０００')).toBeNull()
    expect(normalizePhone('138 0013-8000')).toBe('13800138000')
  })
})
