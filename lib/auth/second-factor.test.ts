// #26: a password sign-in of a user with TOTP opens no session; the second step does, once per code,
// and its tries are limited.
import { describe, expect, it } from 'vitest'
import { Secret, TOTP } from 'otpauth'
import { authOptions } from './next-auth'
import { decodeSignInError, secondFactorTicketOf } from './messages'
import { getLiveSession } from '../core/sessions'
import { beginTotpEnrolment, confirmTotpEnrolment } from '../core/factors/totp'
import { makeUser } from '../../test/factories'
import { db } from '../db'
import { SECOND_FACTOR_MAX_TRIES } from '../core/rules'

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string; sessionId: string }>
function authorize(id: string): Authorize {
  const all = authOptions().providers as unknown as { options: { id: string; authorize: Authorize } }[]
  return all.find((x) => x.options.id === id)!.options.authorize
}
const headers = { 'x-forwarded-for': '203.0.113.9', 'user-agent': 'test' }
const codeAt = (secret: string, steps: number) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 })

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected a failure')
}

async function withTotp() {
  const { user, name, password } = await makeUser()
  const e = await beginTotpEnrolment(user)
  const recovery = await confirmTotpEnrolment(user.id, e.factorId, codeAt(e.secret, 0))
  return { user, name, password: password!, secret: e.secret, recovery }
}

describe('second step of a browser sign-in', () => {
  it('the password opens no session; the ticket and a fresh code do, and the same code again does not', async () => {
    const { user, name, password, secret } = await withTotp()
    const sessionsBefore = await db().session.count({ where: { userId: user.id } })
    const ticket = secondFactorTicketOf(await failure(authorize('password')({ login: name, password }, { headers })))
    expect(ticket).toBeTruthy()
    expect(await db().session.count({ where: { userId: user.id } })).toBe(sessionsBefore)

    const code = codeAt(secret, 1)
    const u = await authorize('second-factor')({ method: 'totp', ticket: ticket!, code }, { headers })
    expect(await getLiveSession(u.sessionId)).toMatchObject({ userId: user.id, client: 'browser' })
    expect(decodeSignInError(await failure(authorize('second-factor')({ method: 'totp', ticket: ticket!, code }, { headers }))).kind).toBe('code_invalid')
  })

  it('a forged ticket is refused; wrong codes run out the tries, then the right one is refused too', async () => {
    const { name, password, secret } = await withTotp()
    const forged = decodeSignInError(await failure(authorize('second-factor')({ method: 'totp', ticket: '1.9999999999.x.y', code: '123456' }, { headers })))
    expect(forged.kind).toBe('token_expired')
    const ticket = secondFactorTicketOf(await failure(authorize('password')({ login: name, password }, { headers })))!
    const right = codeAt(secret, 1)
    const wrong = right === '123456' ? '654321' : '123456'
    for (let i = 0; i < SECOND_FACTOR_MAX_TRIES; i++) {
      expect(decodeSignInError(await failure(authorize('second-factor')({ method: 'totp', ticket, code: wrong }, { headers }))).kind).toBe('code_invalid')
    }
    expect(decodeSignInError(await failure(authorize('second-factor')({ method: 'totp', ticket, code: right }, { headers }))).kind).toBe('rate_limited')
  })

  it('a user without a second factor is signed in by the password alone', async () => {
    const { name, password } = await makeUser()
    const u = await authorize('password')({ login: name, password: password! }, { headers })
    expect(await getLiveSession(u.sessionId)).not.toBeNull()
  })
})
