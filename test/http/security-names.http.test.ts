// #21 item 11, confusable names, attacked on the built app over both paths (`next start` =
// HTTP_NEXT_URL, server.ts = HTTP_FAST_URL; one database): another user's phone as a Hyperf
// account, `sr\u0430dmin1` (Cyrillic а) while `sradmin1` exists, bidi-override and zero-width
// names; a plain Chinese name still registers. Run by scripts/test-http.sh.
import { beforeAll, describe, expect, it } from 'vitest'
import { randomBytes, randomInt } from 'node:crypto'
import { apiRoutes } from '@/lib/http/api-routes'

const BASES = [process.env.HTTP_NEXT_URL, process.env.HTTP_FAST_URL].filter((b): b is string => !!b)
const has = (method: string, pattern: string) => apiRoutes.some((r) => r.pattern === pattern && r.methods.includes(method))

async function post(base: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, body: await res.json() }
}

const phone = () => `139${String(randomInt(1e8)).padStart(8, '0')}`
const tag = () => randomBytes(4).toString('hex')
/** Two random common CJK ideographs and 张: width 3, a fresh name each call. */
const chineseName = () => `张${String.fromCodePoint(0x4e00 + randomInt(0x5000))}${String.fromCodePoint(0x4e00 + randomInt(0x5000))}`

// The name the look-alikes imitate, made once (both servers share one database).
const ADMIN = 'sradmin1'
const LOOKALIKE = 'sr\u0430dmin1' // Cyrillic а (U+0430)

describe.skipIf(BASES.length === 0 || !has('POST', '/login/register'))('confusable names on the running app (#21 item 11)', () => {
  beforeAll(async () => {
    const r = await post(BASES[0], '/api/auth/register', { username: ADMIN, password: 'secret_123' })
    expect(['注册成功', '用户名已存在']).toContain(r.body.msg)
  })

  /** A Hyperf SMS code for a fresh phone (the console provider shows it). */
  async function hyperfCode(base: string, p: string): Promise<string> {
    const sent = await post(base, '/login/send/sms', { phone: p })
    expect(sent.body.code).toBe(200)
    return sent.body.data.code as string
  }

  const hyperfRegister = (base: string, account: string, p: string, code: string) =>
    post(base, '/login/register', { account, password: 'secret_123', password_confirmation: 'secret_123', phone: p, code })

  it.each(BASES)("%s Hyperf: another user's phone as account, a look-alike, bidi and zero-width accounts are refused", async (base) => {
    // The victim: a Hyperf user with a phone.
    const victimPhone = phone()
    const victim = `victim_${tag()}`
    expect((await hyperfRegister(base, victim, victimPhone, await hyperfCode(base, victimPhone))).body.code).toBe(200)

    // The attacker has their own phone and code; every refused try leaves the code unspent.
    const mine = phone()
    const code = await hyperfCode(base, mine)
    const spaced = `+86 ${victimPhone.slice(0, 3)} ${victimPhone.slice(3, 7)} ${victimPhone.slice(7)}`
    for (const account of [victimPhone, spaced, `0086${victimPhone}`, LOOKALIKE]) {
      const r = await hyperfRegister(base, account, mine, code)
      expect(r.status, account).toBe(200)
      expect(r.body, account).toMatchObject({ code: 50007, status: false, msg: `用户 ${account} 或者 ${mine} 已注册` })
    }
    for (const account of [`evil\u202Egnp.exe_${tag()}`, `ghost\u200B${tag()}`, `zwj\u200D${tag()}`, `bom\uFEFF${tag()}`]) {
      const r = await hyperfRegister(base, account, mine, code)
      expect(r.status, JSON.stringify(account)).toBe(422)
      expect(r.body, JSON.stringify(account)).toMatchObject({ code: 9906, msg: '数据验证失败，原因如下：account 账号不能包含控制字符或不可见字符' })
    }

    // The victim's phone still signs the victim in; a plain Chinese account registers with the unspent code.
    const byPhone = await post(base, '/login/jwt/get', { account: victimPhone, pwd: 'secret_123' })
    expect(byPhone.body.code).toBe(200)
    const zh = chineseName()
    expect((await hyperfRegister(base, zh, mine, code)).body).toMatchObject({ code: 200, status: true })
    expect((await post(base, '/login/jwt/get', { account: zh, pwd: 'secret_123' })).body.code).toBe(200)
  })

  it.each(BASES)('%s ThinkSNS+: a look-alike, bidi and zero-width names are refused; a Chinese name registers', async (base) => {
    const p = phone()
    const sent = await post(base, '/api/v2/verifycodes/register', { phone: p })
    expect(sent.status).toBe(202)
    const register = (name: string) =>
      post(base, '/api/v2/users', { phone: p, name, password: 'secret_123', verifiable_type: 'sms', verifiable_code: sent.body.code })

    const look = await register(LOOKALIKE)
    expect(look.status).toBe(422)
    expect(look.body.errors).toEqual({ name: ['昵称已经被其他用户所使用'] })
    for (const name of [`ab\u202Ecd${tag()}`, `ab\u200Bcd${tag()}`]) {
      const r = await register(name)
      expect(r.status, JSON.stringify(name)).toBe(422)
      expect(r.body.errors.name, JSON.stringify(name)).toEqual(['昵称只能以非特殊字符和数字开头，不能包含特殊字符'])
    }
    const zh = chineseName()
    const ok = await register(zh)
    expect(ok.status).toBe(201)
    const me = await fetch(`${base}/api/v2/users/${encodeURIComponent(zh)}`)
    expect(me.status).toBe(200)
  })

  it.each(BASES)('%s Flask: a look-alike is name_taken; bidi and zero-width names are refused', async (base) => {
    expect((await post(base, '/api/auth/register', { username: LOOKALIKE, password: 'secret_123' })).body).toMatchObject({ code: 1, msg: '用户名已存在' })
    for (const username of [`ab\u202Ecd${tag()}`, `ab\u200Bcd${tag()}`]) {
      expect((await post(base, '/api/auth/register', { username, password: 'secret_123' })).body, JSON.stringify(username)).toMatchObject({
        code: 1,
        msg: '用户名格式不正确',
      })
    }
  })
})
