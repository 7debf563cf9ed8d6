// Every audit event kind has a name in both languages (#24): a kind the core adds shows as its raw
// identifier until admin.json names it, and this test says which.
import { describe, expect, it } from 'vitest'
import { LOCALES } from '../i18n/locales'
import { translatorFor } from '../i18n/translator'
import { AUDIT_KINDS, auditLabel } from './audit-labels'

describe('audit event names', () => {
  it('name every kind in every language', () => {
    expect(AUDIT_KINDS.length).toBeGreaterThan(30)
    for (const locale of LOCALES) {
      const t = translatorFor(locale)
      const unnamed = AUDIT_KINDS.filter((kind) => !t.has(`admin.auditKinds.${kind}`) || auditLabel(t, kind) === kind)
      expect(unnamed, `unnamed in ${locale}`).toEqual([])
    }
  })

  it('differ between the languages, and match the page language', () => {
    const zh = translatorFor('zh-CN')
    const en = translatorFor('en')
    expect(auditLabel(zh, 'signin.success')).toBe('登录成功')
    expect(auditLabel(en, 'signin.success')).toBe('Signed in')
    expect(AUDIT_KINDS.filter((kind) => auditLabel(zh, kind) === auditLabel(en, kind))).toEqual([])
  })

  it('show a kind without a name as it is stored (the check can fail)', () => {
    const en = translatorFor('en')
    expect(auditLabel(en, 'legacy.thing')).toBe('legacy.thing')
    expect(auditLabel(en, 'user')).toBe('user')
    expect(auditLabel(en, '')).toBe('')
  })
})
