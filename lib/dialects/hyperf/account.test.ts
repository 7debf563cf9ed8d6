// Hyperf's one account call besides /login (#23, docs/decisions/0013): POST /user/update/password,
// as JerryTZF/hyperf-v3's UserController, UserRequest, AccreditMiddleware and AuthMiddleware answer it.
import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db'
import { verifyPassword } from '@/lib/core/passwords'
import { assignRole, ROLE_ADMIN } from '@/lib/core/roles'
import { makeUser } from '@/test/factories'
import { call, jsonRequest } from '@/test/http'
import { deactivateJwt, getJwt, jwtStatus, updatePassword, UPDATE_PASSWORD_ROUTE } from './handlers'
import hyperf from '.'

const PASSWORD = 'Foo_12345678'
const ok = '{"code":200,"msg":"ok","status":true,"data":[]}'
const fail = (code: number, msg: string) => JSON.stringify({ code, msg, status: false, data: [] })

async function signedIn(opts: { admin?: boolean; permitted?: boolean } = {}) {
  const { user, name } = await makeUser({ password: PASSWORD })
  if (opts.admin) await assignRole(user.id, ROLE_ADMIN)
  if (opts.permitted) {
    const perm = await db().permission.upsert({
      where: { name: UPDATE_PASSWORD_ROUTE },
      create: { name: UPDATE_PASSWORD_ROUTE, description: '修改密码' },
      update: {},
    })
    const role = await db().role.create({ data: { name: `PWD_${user.id}`, description: '可修改密码' } })
    await db().rolePermission.create({ data: { roleId: role.id, permissionId: perm.id } })
    await assignRole(user.id, role.name)
  }
  const r = await call(getJwt, jsonRequest('/login/jwt/get', { account: name, pwd: PASSWORD }))
  expect(r.body.code, r.text).toBe(200)
  return { user, name, jwt: r.body.data.jwt as string }
}
const update = (body: unknown, authorization?: string) =>
  call(updatePassword, jsonRequest('/user/update/password', body, { headers: authorization === undefined ? {} : { authorization } }))
const live = async (jwt: string) => (await call(jwtStatus, jsonRequest('/login/jwt/status', { jwt }))).body.code === 200

describe('POST /user/update/password', () => {
  it('a permitted user sets a new password: every session ends, this one too; the new one signs in', async () => {
    const { user, name, jwt } = await signedIn({ permitted: true })
    const other = (await call(getJwt, jsonRequest('/login/jwt/get', { account: name, pwd: PASSWORD }))).body.data.jwt
    const r = await update({ password: 'Bar_87654321', password_confirmation: 'Bar_87654321' }, `Bearer ${jwt}`)
    expect(r.text).toBe(ok)
    expect(await live(jwt)).toBe(false)
    expect(await live(other)).toBe(false)
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } })
    expect((await verifyPassword(row.passwordHash!, 'Bar_87654321')).ok).toBe(true)
    expect((await call(getJwt, jsonRequest('/login/jwt/get', { account: name, pwd: 'Bar_87654321' }))).body.code).toBe(200)
    expect(await db().auditEvent.count({ where: { userId: user.id, kind: 'password.changed' } })).toBe(1)
  })

  it('a super admin may, with the raw jwt as the header (no Bearer)', async () => {
    const { jwt } = await signedIn({ admin: true })
    expect((await update({ password: 'Bar_87654321', password_confirmation: 'Bar_87654321' }, jwt)).text).toBe(ok)
  })

  it('anyone else: 50013 权限不足, and nothing changes', async () => {
    const { user, jwt } = await signedIn()
    const before = (await db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash
    expect((await update({ password: 'Bar_87654321', password_confirmation: 'Bar_87654321' }, `Bearer ${jwt}`)).text).toBe(fail(50013, '权限不足'))
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(before)
    expect(await live(jwt)).toBe(true)
  })

  it('no jwt: 50009 jwt 缺失; a dead one: 50008; not a jwt: 9908', async () => {
    const body = { password: 'Bar_87654321', password_confirmation: 'Bar_87654321' }
    expect((await update(body)).text).toBe(fail(50009, 'jwt 缺失'))
    const { jwt } = await signedIn({ permitted: true })
    await call(deactivateJwt, jsonRequest('/login/jwt/deactivate', { jwt }))
    expect((await update(body, `Bearer ${jwt}`)).text).toBe(fail(50008, 'jwt已失效 或者 该用户已被禁用'))
    const bad = await update(body, 'Bearer abc')
    expect({ status: bad.status, text: bad.text }).toEqual({ status: 401, text: fail(9908, '认证失败：Wrong number of segments') })
  })

  it('an expired jwt: 9908 Expired token', async () => {
    const { jwt } = await signedIn({ permitted: true })
    const [h, p, s] = jwt.split('.')
    void h
    void s
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString())
    // Move the clock instead of forging: the session's jwt as issued, seen after its exp (+ leeway).
    const realNow = Date.now
    Date.now = () => (claims.exp + 3600) * 1000
    try {
      const r = await update({ password: 'Bar_87654321', password_confirmation: 'Bar_87654321' }, `Bearer ${jwt}`)
      expect(r.text).toBe(fail(9908, '认证失败：Expired token'))
    } finally {
      Date.now = realNow
    }
  })

  it.each([
    ['no password', { password_confirmation: 'x' }, 'password 密码必填'],
    ['not letters and digits', { password: 'a-b-c-d-e', password_confirmation: 'a-b-c-d-e' }, 'password 密码必须是字母或数字'],
    ['no confirmation', { password: 'Bar_87654321' }, '密码不一致'],
    ['another confirmation', { password: 'Bar_87654321', password_confirmation: 'Bar_87654322' }, '密码不一致'],
    ['a common password', { password: 'password123', password_confirmation: 'password123' }, 'password 密码过于常见，请换一个'],
  ])('%s: 9906 %s', async (_, body, reason) => {
    const { jwt } = await signedIn({ permitted: true })
    const r = await update(body, `Bearer ${jwt}`)
    expect({ status: r.status, text: r.text }).toEqual({ status: 422, text: fail(9906, `数据验证失败，原因如下：${reason}`) })
    expect(await live(jwt)).toBe(true)
  })

  it('the same password again: 50016 密码一致未变更', async () => {
    const { jwt } = await signedIn({ permitted: true })
    expect((await update({ password: PASSWORD, password_confirmation: PASSWORD }, `Bearer ${jwt}`)).text).toBe(fail(50016, '密码一致未变更'))
    expect(await live(jwt)).toBe(true)
  })

  it('unknown /user paths and other methods get the project’s routing answers', async () => {
    const unknown = await call(hyperf.fallback, jsonRequest('/user/auth/info', {}))
    expect(unknown.text).toBe(fail(9902, 'API地址错误或HTTP方法错误，请检查 :('))
    const get = await call(hyperf.fallback, new Request('http://localhost/user/update/password'))
    expect(get.text).toBe(fail(9903, 'HTTP方法错误，请检查 :('))
  })
})
