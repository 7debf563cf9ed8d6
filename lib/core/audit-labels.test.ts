import { describe, expect, it } from 'vitest'
import { auditLabel, pickLang } from './audit-labels'

describe('audit labels', () => {
  it('names events in zh-CN and en; an unknown kind shows as stored', () => {
    expect(auditLabel('signin.failure', 'en')).toBe('Sign-in failed')
    expect(auditLabel('signin.failure', 'zh-CN')).toBe('登录失败')
    expect(auditLabel('some.old_kind', 'zh-CN')).toBe('some.old_kind')
  })

  it('picks the language by Accept-Language preference', () => {
    expect(pickLang('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN')
    expect(pickLang('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en')
    expect(pickLang('fr-FR, zh-TW;q=0.5, en;q=0.4')).toBe('zh-CN')
    expect(pickLang('en;q=0.2, zh;q=0.7')).toBe('zh-CN')
    expect(pickLang('zh;q=0, en')).toBe('en')
    expect(pickLang('')).toBe('en')
    expect(pickLang(undefined)).toBe('en')
    expect(pickLang('de')).toBe('en')
  })
})
