// WeChat mini-program sign-in (SPEC §5.1, §7): the `code` a mini-program gets from `wx.login` is
// exchanged at WeChat's `jscode2session` for the user's openid (and unionid when the app is bound
// to an open platform account). The base URL is WECHAT_API_BASE, so tests and staging can point it
// at a stand-in; the exchange code is the same either way.
import { config } from '../../config'
import { AuthError } from '../../core/errors'
import { randomAlnum } from '../../core/ids'
import { createUser, type User } from '../../core/users'
import { db } from '../../db'
import { log } from '../../log'

export type WechatIdentity = { openid: string; unionid: string | null }

/** WeChat documents a 5 s answer time for its server APIs; don't hold a request longer. */
const TIMEOUT_MS = 5000

/**
 * Exchanges a `wx.login` code. Throws AuthError `wechat_failed` with WeChat's `errcode` (40029
 * invalid code, 40163 code used, 45011 too frequent, -1 busy, …) or without one when WeChat could
 * not be reached or answered something that is not its JSON; `not_configured` without app id and
 * secret. The session_key is not returned: nothing here needs it, so it is never kept.
 */
export async function code2Session(code: string): Promise<WechatIdentity> {
  const c = config()
  if (!c.WECHAT_APPID || !c.WECHAT_SECRET) throw new AuthError('not_configured', { what: 'wechat' })
  const url = new URL('/sns/jscode2session', c.WECHAT_API_BASE)
  url.search = new URLSearchParams({ appid: c.WECHAT_APPID, secret: c.WECHAT_SECRET, js_code: code, grant_type: 'authorization_code' }).toString()

  let text: string
  let status: number
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } })
    status = res.status
    text = await res.text()
  } catch (e) {
    log.warn('wechat jscode2session unreachable', { error: (e as Error).name })
    throw new AuthError('wechat_failed', { reason: 'unreachable' })
  }

  // WeChat answers 200 with `text/plain` JSON, errors included.
  let body: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object')
    body = parsed as Record<string, unknown>
  } catch {
    log.warn('wechat jscode2session bad answer', { status })
    throw new AuthError('wechat_failed', { reason: 'bad_response' })
  }

  const errcode = typeof body.errcode === 'number' ? body.errcode : Number(body.errcode ?? 0)
  if (errcode !== 0 && !Number.isNaN(errcode)) {
    const errmsg = typeof body.errmsg === 'string' ? body.errmsg : ''
    log.warn('wechat jscode2session refused', { errcode, errmsg })
    throw new AuthError('wechat_failed', { errcode, errmsg })
  }
  if (typeof body.openid !== 'string' || body.openid === '') {
    log.warn('wechat jscode2session answer without openid', { status })
    throw new AuthError('wechat_failed', { reason: 'bad_response' })
  }
  return { openid: body.openid, unionid: typeof body.unionid === 'string' && body.unionid !== '' ? body.unionid : null }
}

/** A name for a new WeChat user that passes every dialect's name rule (letters first, short). */
const wechatName = () => `wx_${randomAlnum(10)}`

/**
 * The user bound to an openid, or a new one (no password, no phone) when it is unknown. Two
 * concurrent first sign-ins with the same openid end with one user: the unique openid decides.
 */
export async function userForWechat(id: WechatIdentity, ctx: { ip?: string | null; client?: string } = {}): Promise<User> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const known = await db().user.findUnique({ where: { wechatOpenid: id.openid } })
    if (known) {
      // Learnt while signing in, not a change of the profile: `updatedAt` (public as `updated_at`) stays, or it would date this sign-in.
      if (id.unionid && known.wechatUnionid !== id.unionid)
        return db().user.update({ where: { id: known.id }, data: { wechatUnionid: id.unionid, updatedAt: known.updatedAt } })
      return known
    }
    try {
      return await createUser({ name: wechatName(), wechatOpenid: id.openid, wechatUnionid: id.unionid }, ctx)
    } catch (e) {
      // wechat_taken: another request created this user first (look again); name_taken: draw again.
      if (!(e instanceof AuthError && (e.kind === 'wechat_taken' || e.kind === 'name_taken'))) throw e
    }
  }
  throw new AuthError('wechat_taken')
}
