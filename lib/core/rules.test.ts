import { describe, expect, it } from 'vitest'
import { CODE_LENGTH, CODE_PATTERN, CODE_TTL_MINUTES, isActive, nameWidth, nameWidthOk, signInLimitPerAddress } from './rules'

describe('rules', () => {
  it('count a name by code points, an ASCII letter, digit or _ as half', () => {
    expect(nameWidth('ab_1')).toBe(2)
    expect(nameWidth('张三')).toBe(2)
    // One astral character is two UTF-16 units but one character of width.
    expect(nameWidth('𠮷')).toBe(1)
    expect(nameWidth('😀a')).toBe(1.5)
    expect(nameWidthOk('𠮷'.repeat(12))).toBe(true)
    expect(nameWidthOk('𠮷'.repeat(13))).toBe(false)
    expect(nameWidthOk('abc')).toBe(false)
  })

  it('take a code of exactly CODE_LENGTH digits, valid a whole number of minutes', () => {
    expect(CODE_PATTERN.test('1'.repeat(CODE_LENGTH))).toBe(true)
    expect(CODE_PATTERN.test('1'.repeat(CODE_LENGTH + 1))).toBe(false)
    expect(CODE_PATTERN.test('1'.repeat(CODE_LENGTH - 1) + 'a')).toBe(false)
    // Providers and pages print the lifetime in minutes (SMS templates, "valid for 5 minutes").
    expect(Number.isInteger(CODE_TTL_MINUTES)).toBe(true)
  })

  it('give an address five times an account’s sign-in limit', () => {
    expect(signInLimitPerAddress(30)).toBe(150)
  })

  it('call only an active user active', () => {
    expect(isActive({ status: 'active' })).toBe(true)
    expect(isActive({ status: 'disabled' })).toBe(false)
    expect(isActive({ status: 'Active' })).toBe(false)
  })
})
