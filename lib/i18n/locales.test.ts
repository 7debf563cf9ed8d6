// How a page's language is chosen (#24): the switcher's cookie, else Accept-Language, else zh-CN.
import { describe, expect, it } from 'vitest'
import { DEFAULT_LOCALE, isLocale, negotiateLocale, requestLocale } from './locales'

describe('locale negotiation', () => {
  it('defaults to Simplified Chinese', () => {
    expect(DEFAULT_LOCALE).toBe('zh-CN')
    expect(negotiateLocale(undefined)).toBe('zh-CN')
    expect(negotiateLocale('')).toBe('zh-CN')
    expect(negotiateLocale('fr-FR,de;q=0.8')).toBe('zh-CN')
  })

  it('follows the browser, by q-value, then by order', () => {
    expect(negotiateLocale('en-US,en;q=0.9')).toBe('en')
    expect(negotiateLocale('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN')
    expect(negotiateLocale('zh-TW')).toBe('zh-CN')
    expect(negotiateLocale('fr;q=1,en;q=0.5,zh;q=0.4')).toBe('en')
    expect(negotiateLocale('zh;q=0.3,en-GB;q=0.7')).toBe('en')
    expect(negotiateLocale('en;q=0,zh;q=0.1')).toBe('zh-CN')
    expect(negotiateLocale('en;q=abc')).toBe('zh-CN')
  })

  it('lets the remembered choice win over the header, but only a locale we have', () => {
    expect(requestLocale('en', 'zh-CN')).toBe('en')
    expect(requestLocale('zh-CN', 'en-US')).toBe('zh-CN')
    expect(requestLocale('ja', 'en-US')).toBe('en')
    expect(isLocale('en')).toBe(true)
    expect(isLocale('EN')).toBe(false)
  })
})
