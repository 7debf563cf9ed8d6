// The browser's sign-up form and ThinkSNS+'s POST /api/v2/users take the same names: a name made in
// one must sign in through the other (issue #19: astral characters passed one and failed the other).
import { describe, expect, it } from 'vitest'
import { name, phone } from './fields'
import { sendSignUpCodeSchema } from '../../app/(web)/sign-up/schema'
import { registerBody } from '../dialects/thinksns/schemas'
import { textOf } from '../i18n/text'
import { translatorFor } from '../i18n/translator'

const en = translatorFor('en')
const zh = translatorFor('zh-CN')

const formTakes = (n: string) => name.safeParse(n).success
const thinksnsTakes = (n: string) => {
  const r = registerBody.safeParse({ phone: '13812345678', name: n, verifiable_type: 'sms', verifiable_code: '123456' })
  return r.success || !r.error.issues.some((i) => i.path[0] === 'name')
}

const CASES: [string, boolean][] = [
  ['abcd', true],
  ['a'.repeat(24), true],
  ['a'.repeat(25), false], // 12.5 wide
  ['abc', false], // 1.5 wide
  ['_x_y', true],
  ['张三', true],
  ['张', false],
  ['张'.repeat(12), true],
  ['张'.repeat(13), false],
  ['ab张', true],
  ['𠮷𠮷', true], // astral CJK (U+20BB7)
  ['😀😀', true], // emoji
  ['😀a1', true],
  ['𠮷'.repeat(12), true],
  ['𠮷'.repeat(13), false],
  ['9abc', false], // digit first
  ['1张三', false],
  ['a b c', false],
  ['ab-cd', false],
]

describe('name rule', () => {
  it.each(CASES)('%s: form and ThinkSNS+ both say %s', (n, ok) => {
    expect({ form: formTakes(n), thinksns: thinksnsTakes(n) }).toEqual({ form: ok, thinksns: ok })
  })

  it('keeps each side’s own messages', () => {
    const said = (n: string, t = en) => textOf(t, name.safeParse(n).error?.issues[0]?.message)
    expect(said('9abc')).toBe('Use letters, digits and _ only, and start with a letter or _.')
    expect(said('张')).toBe('Use 4 to 24 letters or digits (2 to 12 Chinese characters).')
    expect(said('张', zh)).toBe('请使用 4 到 24 个字母或数字（2 到 12 个汉字）。')
    const r = registerBody.safeParse({ phone: '13812345678', name: '9', verifiable_type: 'sms', verifiable_code: '123456' })
    expect(r.error?.issues.filter((i) => i.path[0] === 'name').map((i) => i.message)).toEqual([
      '昵称只能以非特殊字符和数字开头，不能包含特殊字符',
      '昵称长度不合法',
    ])
  })
})

describe('the pages’ phone field (#24)', () => {
  it('takes full-width digits, spaces and dashes, and gives the plain number', () => {
    expect(phone.parse('１３８ ００１３－８０００')).toBe('13800138000')
    expect(sendSignUpCodeSchema.parse({ channel: 'sms', target: '＋86 138-0013-8000' }).target).toBe('13800138000')
    expect(phone.safeParse('１２３').error?.issues[0]?.message).toBe('validation.phone_invalid')
  })
})
