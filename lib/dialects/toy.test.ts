// A fifth dialect (test/toy-dialect, the one docs/adding-a-dialect.md builds) passes every check
// the four real ones pass, is routed and documented like them, and the checks name what a dialect
// misses.
import { describe, expect, it } from 'vitest'
import toy, { endpoints, errors, renderError, TOKENS } from '../../test/toy-dialect'
import { call, jsonRequest } from '../../test/http'
import { makeUser } from '../../test/factories'
import { createRouter } from '../http/router'
import { buildDocument } from '../openapi/build'
import { dialectDocument } from '../openapi'
import { dialectProblems, routeFilesFor } from './check'
import { defineDialect, defineEndpoint } from './define'

describe('the toy dialect', () => {
  it('has every part', async () => {
    expect(await dialectProblems(toy)).toEqual([])
  })

  it('is served by the router from its definition, with its fallback under its prefix', async () => {
    const router = createRouter(
      toy.endpoints.map((e) => ({ methods: [...e.methods], pattern: e.path, handler: e.handler, group: toy.id })),
      [{ prefix: toy.prefix, handler: toy.fallback, group: toy.id }],
    )
    const { name, password } = await makeUser()
    const hit = router.match('POST', '/toy/login')!
    expect(await call(hit.handler, jsonRequest('/toy/login', { login: name, password }))).toMatchObject({ status: 200, body: { ok: true, data: { name } } })
    expect(await call(hit.handler, jsonRequest('/toy/login', { login: name, password: 'wrong' }))).toMatchObject({
      status: 401,
      body: { ok: false, error: 'wrong_password' },
    })
    const miss = router.match('GET', '/toy/nothing')!
    expect(miss.handler).toBe(toy.fallback)
    expect(await call(miss.handler, jsonRequest('/toy/nothing', {}))).toMatchObject({ status: 400, body: { error: 'not_found' } })
  })

  it('gets an OpenAPI document from the same definition', async () => {
    const doc = await buildDocument(dialectDocument(toy), { version: 'test', serverUrl: '/' })
    expect(Object.keys(doc.paths)).toEqual(['/toy/login'])
    const op = doc.paths['/toy/login'].post
    expect(Object.keys(op.responses)).toEqual(['200', '401', '422', '500', '503'])
    expect(JSON.stringify(op.responses['401'])).toContain('wrong_password')
  })

  it("names its catch-all route file for Next's router", () => {
    expect(routeFilesFor(toy)).toMatchObject([{ path: 'app/toy/[[...path]]/route.ts' }])
    expect(routeFilesFor(toy)[0].content).toContain("dialectRoute('toy')")
  })
})

describe('what the checks say about a dialect that misses parts', () => {
  it('names a missing error row, an endpoint without examples, a body outside the error schema', async () => {
    const { unavailable: _dropped, ...partial } = errors
    const broken = defineDialect({
      ...toy,
      id: 'toy',
      errors: partial as typeof errors,
      // A renderer whose body the dialect's error schema does not accept.
      renderError: (e, req, ctx) => (String(e).includes('not_found') ? new Response('<html>', { status: 404 }) : renderError(e, req, ctx)),
      endpoints: [defineEndpoint({ ...endpoints[0], method: 'POST', examples: [] })],
    })
    const problems = await dialectProblems(broken)
    expect(problems).toContain('toy: its error table has no row for "unavailable"')
    expect(problems).toContain('toy: POST /toy/login has no example request (the docs show it, the contract test sends it)')
    expect(problems.some((p) => p.startsWith('toy: "not_found" renders a body its errorSchema refuses'))).toBe(true)
  })

  it('refuses an endpoint outside the prefix, a method twice, and a token profile of another dialect', () => {
    expect(() => defineDialect({ ...toy, endpoints: [defineEndpoint({ ...endpoints[0], method: 'POST', path: '/other/login' })] })).toThrow(
      'toy: endpoint /other/login is not under /toy',
    )
    expect(() => defineDialect({ ...toy, endpoints: [endpoints[0], endpoints[0]] })).toThrow('toy: POST /toy/login is defined twice')
    expect(() => defineDialect({ ...toy, tokens: { ...TOKENS, id: 'other' } })).toThrow("toy: its token profile is other's")
  })

  it('is refused by the compiler without its parts', () => {
    // @ts-expect-error a dialect without a fallback (and every other part) does not compile
    expect(() => defineDialect({ id: 'toy', label: 'Toy', prefix: '/toy', endpoints: [] })).toThrow()
  })
})
