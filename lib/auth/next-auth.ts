// next-auth (v4) for the browser, backed by the core's own session rows (SPEC §1, §6).
//
// Each credentials provider authenticates through lib/core and then creates a core session
// (client 'browser'); the next-auth JWT in the cookie carries only that session's id. Every read of
// the browser session asks the core whether the session is still live, so revoking it from
// /account, the admin dashboard or an API logout signs the browser out on its next request.
// next-auth's routes live under /api/session: /api/auth is the Flask dialect's (SPEC §2).
import NextAuth, { type NextAuthOptions, type User as NextAuthUser } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { z } from 'zod'
import { config, exportNextAuthUrl } from '../config'
import { AuthError, isAuthError } from '../core/errors'
import { createSession, getLiveSession, revokeSession } from '../core/sessions'
import { authenticateWithCode, authenticateWithPassword, createUser, findUserById, findUserByVerifiedContact, recordSignIn, type User } from '../core/users'
import { repurposeVerificationCode } from '../core/codes'
import { hasSecondFactor, issueSecondFactorTicket, readSecondFactorTicket, verifySecondFactor, type SecondFactorProof } from '../core/factors'
import { authenticateWithPasskey } from '../core/factors/passkeys'
import { isActive } from '../core/rules'
import { log, errorFields } from '../log'
import { passwordSignInSchema, codeSignInSchema, passkeySignInSchema, secondFactorSchema } from '../../app/(web)/sign-in/schema'
import { completeSignUpSchema } from '../../app/(web)/verify/schema'
import { encodeSecondFactorRequired, encodeSignInError, formError } from './messages'
import { requestMeta, type RequestMeta } from './request'
import { safeRedirect } from './safe-next'

declare module 'next-auth' {
  interface Session {
    /** The core session's id. */
    sid?: string
  }
}
declare module 'next-auth/jwt' {
  interface JWT {
    sid?: string
  }
}

type BrowserUser = NextAuthUser & { sessionId: string }

/** Thrown in the jwt callback when the core session is gone: next-auth then drops the cookie. */
class SessionEnded extends Error {
  constructor() {
    super('session_ended')
    this.name = 'SessionEnded'
  }
}

/** Starts the core session for a browser sign-in and records it on the user. */
async function startBrowserSession(user: User, meta: RequestMeta): Promise<BrowserUser> {
  const session = await createSession({
    userId: user.id,
    client: 'browser',
    ip: meta.ip,
    userAgent: meta.userAgent,
    ttlSeconds: config().BROWSER_SESSION_TTL_SECONDS,
  })
  await recordSignIn(user, { ip: meta.ip, client: 'browser', sessionId: session.id })
  return { id: String(user.id), name: user.name, sessionId: session.id }
}

/** The first step of a sign-in succeeded for a user with a second factor: the form asks for it (#26). */
class SecondStep extends Error {}

/**
 * A right SMS code for a number no account has proved (#24): the form says so and offers sign-up,
 * with the same code (now the number's sign-up code). Only the holder of the code learns it.
 */
class NoAccount extends Error {}

/**
 * Runs one sign-in: parse with the form's schema, authenticate through the core, start the session.
 * Failures become next-auth's error string (`kind` or `kind:retryAfter`, lib/auth/messages.ts).
 * A first step (`firstStep`: password or SMS code) of a user with a second factor starts no session:
 * its answer is `second_factor_required:<ticket>`, and the 'second-factor' provider finishes it.
 */
async function signInWith<S extends z.ZodType>(
  schema: S,
  credentials: unknown,
  headers: Record<string, string | string[] | undefined> | undefined,
  authenticate: (input: z.output<S>, meta: RequestMeta) => Promise<User>,
  opts: { firstStep?: boolean } = {},
): Promise<BrowserUser> {
  const parsed = schema.safeParse(credentials)
  if (!parsed.success) throw new Error(encodeSignInError('invalid_input'))
  const meta = requestMeta(headers)
  try {
    const user = await authenticate(parsed.data, meta)
    if (opts.firstStep && (await hasSecondFactor(user.id))) throw new SecondStep(encodeSecondFactorRequired(issueSecondFactorTicket(user.id)))
    return await startBrowserSession(user, meta)
  } catch (e) {
    if (e instanceof SecondStep) throw new Error(e.message)
    if (e instanceof NoAccount) throw new Error(encodeSignInError('no_account'))
    if (isAuthError(e)) {
      const { kind, n, reason } = formError(e)
      throw new Error(encodeSignInError(kind, n, reason))
    }
    log.error('browser sign-in failed', errorFields(e))
    throw new Error(encodeSignInError('unexpected'))
  }
}

function buildOptions(): NextAuthOptions {
  const c = config()
  exportNextAuthUrl(c)
  const maxAge = c.BROWSER_SESSION_TTL_SECONDS
  const prefix = c.nextAuth.secureCookies ? '__Secure-' : ''
  const cookie = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: c.nextAuth.secureCookies }
  return {
    secret: c.nextAuth.secret,
    session: { strategy: 'jwt', maxAge },
    jwt: { maxAge },
    useSecureCookies: c.nextAuth.secureCookies,
    cookies: {
      sessionToken: { name: `${prefix}next-auth.session-token`, options: cookie },
      callbackUrl: { name: `${prefix}next-auth.callback-url`, options: cookie },
      csrfToken: { name: `${c.nextAuth.secureCookies ? '__Host-' : ''}next-auth.csrf-token`, options: cookie },
    },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      Credentials({
        id: 'password',
        name: 'Password',
        credentials: { login: { type: 'text' }, password: { type: 'password' } },
        authorize: (credentials, req) =>
          signInWith(
            passwordSignInSchema,
            credentials,
            req.headers,
            (v, meta) => authenticateWithPassword(v.login, v.password, { ...meta, client: 'browser' }),
            { firstStep: true },
          ),
      }),
      Credentials({
        id: 'sms-code',
        name: 'SMS code',
        credentials: { phone: { type: 'tel' }, code: { type: 'text' } },
        authorize: (credentials, req) =>
          signInWith(
            codeSignInSchema,
            credentials,
            req.headers,
            async (v, meta) => {
              const input = { channel: 'sms', target: v.phone, code: v.code, purpose: 'login' } as const
              if (!(await findUserByVerifiedContact('sms', v.phone))) {
                await repurposeVerificationCode(input, 'register')
                throw new NoAccount()
              }
              try {
                return await authenticateWithCode(input, { ...meta, client: 'browser' })
              } catch (e) {
                // The account went between the two reads: as a wrong code, telling nothing more.
                if (isAuthError(e, 'user_not_found')) throw new AuthError('code_invalid')
                throw e
              }
            },
            { firstStep: true },
          ),
      }),
      Credentials({
        // The second step (#26): the ticket of the first, and a TOTP code, a recovery code or a passkey.
        id: 'second-factor',
        name: 'Second factor',
        credentials: {},
        authorize: (credentials, req) =>
          signInWith(secondFactorSchema, credentials, req.headers, async (v, meta) => {
            const userId = readSecondFactorTicket(v.ticket)
            const user = userId === null ? null : await findUserById(userId)
            // An expired ticket: the person starts again from the first step.
            if (!user) throw new AuthError('token_expired')
            if (!isActive(user)) throw new AuthError('user_disabled')
            const proof: SecondFactorProof =
              v.method === 'totp'
                ? { totp: v.code }
                : v.method === 'recovery'
                  ? { recovery: v.code }
                  : { passkey: { ticket: v.passkeyTicket, response: v.response as never } }
            await verifySecondFactor(user.id, proof, { ip: meta.ip, client: 'browser' })
            return user
          }),
      }),
      Credentials({
        // A passkey alone (a discoverable credential): it is both factors at once.
        id: 'passkey',
        name: 'Passkey',
        credentials: {},
        authorize: (credentials, req) =>
          signInWith(passkeySignInSchema, credentials, req.headers, async (v, meta) => {
            const userId = await authenticateWithPasskey({ ticket: v.passkeyTicket, response: v.response as never }, { ip: meta.ip, client: 'browser' })
            const user = await findUserById(userId)
            if (!user) throw new AuthError('wrong_password')
            if (!isActive(user)) throw new AuthError('user_disabled')
            return user
          }),
      }),
      Credentials({
        id: 'sign-up',
        name: 'Sign up',
        credentials: {},
        authorize: (credentials, req) =>
          // The schema refuses a sign-up without the consent checkbox (#24); the account records when it was given, in the same write.
          signInWith(completeSignUpSchema, credentials, req.headers, async (v, meta) =>
            createUser(
              { name: v.name, password: v.password, consentedAt: new Date(), ...(v.channel === 'sms' ? { phone: v.target } : { email: v.target }) },
              { ...meta, client: 'browser', code: { channel: v.channel, target: v.target, code: v.code, purpose: 'register' } },
            ),
          ),
      }),
    ],
    callbacks: {
      // callbackUrl and every redirect next-auth makes stay on this origin (issue #21 item 2).
      async redirect({ url, baseUrl }) {
        return safeRedirect(url, baseUrl)
      },
      async jwt({ token, user }) {
        if (user) {
          // Only ids in the cookie: the user's details are read fresh from the core.
          return { sub: user.id, sid: (user as BrowserUser).sessionId }
        }
        if (!token.sid || !(await getLiveSession(token.sid))) throw new SessionEnded()
        return token
      },
      async session({ session, token }) {
        return { expires: session.expires, sid: token.sid }
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sid) await revokeSession(token.sid, 'logout', { actorId: token.sub ? Number(token.sub) : null })
      },
    },
    logger: {
      error(code, metadata) {
        const err = metadata instanceof Error ? metadata : (metadata as { error?: unknown })?.error
        if (err instanceof SessionEnded) return log.debug('browser session ended', { code })
        log.error('next-auth error', { code, ...errorFields(err ?? metadata) })
      },
      warn(code) {
        log.warn('next-auth warning', { code })
      },
      debug() {},
    },
  }
}

let options: NextAuthOptions | undefined

/** next-auth's options, built on first use (not at import: `next build` must not need secrets). */
export function authOptions(): NextAuthOptions {
  options ??= buildOptions()
  return options
}

type RouteContext = { params: Promise<{ nextauth: string[] }> }

/** GET and POST of /api/session/[...nextauth]. */
export async function handler(req: Request, ctx: RouteContext): Promise<Response> {
  return NextAuth(req as never, ctx as never, authOptions()) as Promise<Response>
}
