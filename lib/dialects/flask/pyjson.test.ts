// Python's json.loads messages, as PyJWT puts them after "Invalid header string: " /
// "Invalid payload string: ". Expected texts were produced by CPython 3.11's json module.
import { describe, expect, it } from 'vitest'
import { pyJsonLoads, pyJsonLoadsString } from './pyjson'

const strings: [string, string][] = [
  ['', 'Expecting value: line 1 column 1 (char 0)'],
  [' ', 'Expecting value: line 1 column 2 (char 1)'],
  ['{', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
  ['[', 'Expecting value: line 1 column 2 (char 1)'],
  ['{"alg":"HS256" "typ":"JWT"}', "Expecting ',' delimiter: line 1 column 16 (char 15)"],
  ['{"alg":"HS256"x', "Expecting ',' delimiter: line 1 column 15 (char 14)"],
  ['{"a":1,}', 'Expecting property name enclosed in double quotes: line 1 column 8 (char 7)'],
  ['[1,]', 'Expecting value: line 1 column 4 (char 3)'],
  ['[1 2]', "Expecting ',' delimiter: line 1 column 4 (char 3)"],
  ['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
  ['{a:1}', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
  ['"abc', 'Unterminated string starting at: line 1 column 1 (char 0)'],
  ['"a\\qb"', 'Invalid \\escape: line 1 column 3 (char 2)'],
  ['"\\u12"', 'Invalid \\uXXXX escape: line 1 column 3 (char 2)'],
  ['"\\u12zz"', 'Invalid \\uXXXX escape: line 1 column 3 (char 2)'],
  ['"\\ud800\\u12g4"', 'Invalid \\uXXXX escape: line 1 column 9 (char 8)'],
  ['"a\u0001b"', 'Invalid control character at: line 1 column 3 (char 2)'],
  ['nul', 'Expecting value: line 1 column 1 (char 0)'],
  ['01', 'Extra data: line 1 column 2 (char 1)'],
  ['1.', 'Extra data: line 1 column 2 (char 1)'],
  ['-', 'Expecting value: line 1 column 1 (char 0)'],
  ['-Infinity', 'OK'],
  ['NaN', 'OK'],
  ['{"a":1}\n x', 'Extra data: line 2 column 2 (char 9)'],
  ['\n\n  {"a":}', 'Expecting value: line 3 column 8 (char 9)'],
  ['[[[', 'Expecting value: line 1 column 4 (char 3)'],
  ['{"a":[1,2,{"b":tru}]}', 'Expecting value: line 1 column 16 (char 15)'],
  ['1e', 'Extra data: line 1 column 2 (char 1)'],
  ['1e+', 'Extra data: line 1 column 2 (char 1)'],
  ['{"":""}  ', 'OK'],
  ['tru', 'Expecting value: line 1 column 1 (char 0)'],
  ['"\\ud83d\\ude00"', 'OK'],
  ['{"a":"\\ud800"}', 'OK'],
]

const bytes: [number[], string][] = [
  [[0xff, 0x7b, 0x7d], "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"],
  [[...Buffer.from('{"a":"'), 0xe4, 0xb8, 0x78, ...Buffer.from('"}')], "'utf-8' codec can't decode bytes in position 6-7: invalid continuation byte"],
  [[...Buffer.from('{"a":"'), 0xe4, 0xb8], "'utf-8' codec can't decode bytes in position 6-7: unexpected end of data"],
  [[0xf0, 0x80], "'utf-8' codec can't decode byte 0xf0 in position 0: invalid continuation byte"],
  [[...Buffer.from('{"a":"'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')], 'OK'],
  [[0x00, 0x7b, 0x00, 0x7d], 'OK'],
  [[0x7b, 0x00, 0x7d, 0x00], 'OK'],
  [[0xef, 0xbb, 0xbf, 0x7b, 0x7d], 'OK'],
  [[0x7b, 0x00, 0x00], 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
]

describe('pyJsonLoads', () => {
  it.each(strings)('%j -> %s', (input, expected) => {
    const r = pyJsonLoadsString(input)
    expect(r.ok ? 'OK' : r.message).toBe(expected)
  })

  it.each(bytes)('bytes %j -> %s', (input, expected) => {
    const r = pyJsonLoads(Uint8Array.from(input))
    expect(r.ok ? 'OK' : r.message).toBe(expected)
  })

  it('keeps values as Python reads them', () => {
    expect(pyJsonLoadsString('{"a":1,"a":2,"b":[true,null,"\\u00e9"]}')).toEqual({ ok: true, value: { a: 2, b: [true, null, 'é'] } })
    const r = pyJsonLoadsString('{"__proto__":{"x":1}}')
    expect(r.ok && Object.keys(r.value as object)).toEqual(['__proto__'])
  })
})
