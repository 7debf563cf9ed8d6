// The provider's login and consent steps, over this service's own sign-in. Login is the browser's
// sign-in page (/sign-in: password, SMS or mail code, and whatever second step it asks), reached
// with ?next= back to /oidc/interaction/<uid>: the OIDC login is the browser's core session, so
// signing out anywhere ends it. Consent is the page app/(web)/oidc/interaction/[uid] (Next), whose
// form posts here; a consent given before for the same scopes is not asked again.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type Provider from 'oidc-provider'
import { decode } from 'next-auth/jwt'
import { z } from 'zod'
import { config } from '../config'
import { db } from '../db'
import { getLiveSession, type Session } from '../core/sessions'
import { isActive } from '../core/rules'
import type { User } from '../core/users'
import { linkGrantToSession } from './adapter'
import { consentCovers, rememberConsent } from './consent'
import { OIDC_PREFIX } from './provider'

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i <= 0) continue
    const k = part.slice(0, i).trim()
    try {
      out.set(k, decodeURIComponent(part.slice(i + 1).trim()))
    } catch {
      /* not ours */
    }
  }
  return out
}

/** The signed-in browser user and their live core session, from next-auth's cookie (lib/auth/next-auth.ts). */
async function browserSessionOf(req: IncomingMessage): Promise<{ user: User; session: Session } | null> {
  const c = config()
  const name = `${c.nextAuth.secureCookies ? '__Secure-' : ''}next-auth.session-token`
  const cookies = parseCookies(req.headers.cookie)
  let token = cookies.get(name)
  if (!token) {
    // next-auth splits a large cookie into name.0, name.1, …
    const parts: string[] = []
    for (let i = 0; cookies.has(`${name}.${i}`); i++) parts.push(cookies.get(`${name}.${i}`)!)
    token = parts.length > 0 ? parts.join('') : undefined
  }
  if (!token) return null
  const jwt = await decode({ token, secret: c.nextAuth.secret }).catch(() => null)
  const sid = typeof jwt?.sid === 'string' ? jwt.sid : null
  if (!sid) return null
  const session = await getLiveSession(sid)
  if (!session || session.client !== 'browser') return null
  const user = await db().user.findUnique({ where: { id: session.userId } })
  if (!user || !isActive(user)) return null
  return { user, session }
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>

const requested = (details: Details) => String(details.params.scope ?? 'openid')
const forcedConsent = (details: Details) =>
  String(details.params.prompt ?? '')
    .split(' ')
    .includes('consent')

async function finish(provider: Provider, req: IncomingMessage, res: ServerResponse, details: Details, who: { user: User; session: Session }, viaForm = false) {
  const clientId = String(details.params.client_id)
  const accountId = who.user.uuid
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined
  const grant = existing && existing.accountId === accountId ? existing : new provider.Grant({ accountId, clientId })
  const prompt = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] }
  grant.addOIDCScope(prompt.missingOIDCScope ?? requested(details).split(' '))
  if (prompt.missingOIDCClaims) grant.addOIDCClaims(prompt.missingOIDCClaims)
  const grantId = await grant.save()
  await linkGrantToSession(grantId, who.session.id)
  await rememberConsent(who.user.id, clientId, requested(details), who.session.id)
  const authAt = Math.floor((who.session.authAt ?? who.session.createdAt).getTime() / 1000)
  const result = { login: { accountId, ts: authAt }, consent: { grantId } }
  if (viaForm) await continueAfterForm(res, await provider.interactionResult(req, res, result, { mergeWithLastSubmission: false }))
  else await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false })
}

/**
 * After the consent form: a page that moves on to the provider (and from there to the app), not a
 * redirect. The pages' CSP has form-action 'self', which Chromium also applies to every redirect
 * after a form post: a 303 chain ending at the app's redirect_uri would be blocked.
 */
async function continueAfterForm(res: ServerResponse, returnTo: string) {
  const href = returnTo.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
  res.statusCode = 200
  res.setHeader('content-type', 'text/html; charset=utf-8')
  res.setHeader('cache-control', 'no-store')
  res.setHeader('referrer-policy', 'no-referrer')
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Continue · 继续</title></head>` +
      `<body><p><a href="${href}">Continue · 继续</a></p></body></html>`,
  )
}

function redirect(res: ServerResponse, location: string) {
  res.statusCode = 303
  res.setHeader('location', location)
  res.setHeader('cache-control', 'no-store')
  res.end()
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength
    if (size > 16 * 1024) break
    chunks.push(chunk)
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

const decisionSchema = z.enum(['allow', 'deny'])

/**
 * GET /oidc/interaction/<uid> and POST /oidc/interaction/<uid>/confirm. True when answered here;
 * false hands the request to Next (the consent page renders, or says the request expired).
 */
export async function handleInteraction(provider: Provider, req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
  const m = /^\/oidc\/interaction\/([A-Za-z0-9_-]{1,64})(\/confirm)?$/.exec(path)
  if (!m) return false
  const [, uid, confirm] = m
  let details: Details
  try {
    details = await provider.interactionDetails(req, res)
  } catch {
    return false
  }
  if (details.uid !== uid) return false
  const who = await browserSessionOf(req)
  if (!who) {
    redirect(res, `/sign-in?next=${encodeURIComponent(`${OIDC_PREFIX}/interaction/${uid}`)}`)
    return true
  }
  const clientId = String(details.params.client_id)
  if (!confirm) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    if (!forcedConsent(details) && (await consentCovers(who.user.id, clientId, requested(details)))) {
      await finish(provider, req, res, details, who)
      return true
    }
    return false
  }
  if (req.method !== 'POST') return false
  const decision = decisionSchema.safeParse((await readForm(req)).get('decision'))
  if (!decision.success) {
    redirect(res, `${OIDC_PREFIX}/interaction/${uid}`)
    return true
  }
  if (decision.data === 'deny') {
    const result = { error: 'access_denied', error_description: 'the user refused' }
    await continueAfterForm(res, await provider.interactionResult(req, res, result, { mergeWithLastSubmission: false }))
    return true
  }
  await finish(provider, req, res, details, who, true)
  return true
}
