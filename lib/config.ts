// Every setting of the service, parsed once with zod. The only module that reads process.env.
// A bad value stops start-up with a message naming the setting (see loadConfig's caller).
import { randomBytes, createHmac } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { DEFAULT_DATABASE_URL, databaseTarget } from './db-url'
import { parseTrustProxy } from './http/client-ip'
import { PASSWORD_MAX, PASSWORD_MIN } from './core/rules'

const minutes = z.coerce.number().int().positive()
const seconds = z.coerce.number().int().positive()
// An IANA zone name (Asia/Shanghai), checked the way the code that formats times will use it: a
// typo would otherwise start cleanly and then answer 500 on the first request that prints a time.
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}, 'not a known IANA time zone (e.g. Asia/Shanghai)')
// A page a link may point to: a path on this service (`/terms`) or an absolute http(s) URL; never `//host` or `javascript:`.
const documentUrl = z
  .string()
  .refine((v) => (v.startsWith('/') && !v.startsWith('//')) || /^https?:\/\/[^\s]+$/i.test(v), 'a path like /terms or an http(s) URL')
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', '']).transform((v) => v === 'true' || v === '1' || v === 'yes')

/** The settings each provider cannot work without: a gap stops start-up, naming the setting. */
const PROVIDER_KEYS = {
  aliyun: [
    'ALIYUN_SMS_ACCESS_KEY_ID',
    'ALIYUN_SMS_ACCESS_KEY_SECRET',
    'ALIYUN_SMS_SIGN_NAME',
    'ALIYUN_SMS_TEMPLATE_REGISTER',
    'ALIYUN_SMS_TEMPLATE_LOGIN',
    'ALIYUN_SMS_TEMPLATE_BIND',
    'ALIYUN_SMS_TEMPLATE_RESET',
  ],
  tencent: [
    'TENCENT_SMS_SECRET_ID',
    'TENCENT_SMS_SECRET_KEY',
    'TENCENT_SMS_SDK_APP_ID',
    'TENCENT_SMS_SIGN_NAME',
    'TENCENT_SMS_TEMPLATE_REGISTER',
    'TENCENT_SMS_TEMPLATE_LOGIN',
    'TENCENT_SMS_TEMPLATE_BIND',
    'TENCENT_SMS_TEMPLATE_RESET',
  ],
  smtp: ['SMTP_URL', 'MAIL_FROM'],
} as const

function providerRules(c: { SMS_PROVIDER: string; MAIL_PROVIDER: string } & Partial<Record<string, unknown>>, ctx: z.RefinementCtx): void {
  const need = (setting: 'SMS_PROVIDER' | 'MAIL_PROVIDER', keys: readonly string[]) => {
    for (const key of keys) {
      if (c[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `required when ${setting}=${c[setting]}` })
    }
  }
  if (c.SMS_PROVIDER === 'aliyun') need('SMS_PROVIDER', PROVIDER_KEYS.aliyun)
  if (c.SMS_PROVIDER === 'tencent') need('SMS_PROVIDER', PROVIDER_KEYS.tencent)
  if (c.MAIL_PROVIDER === 'smtp') need('MAIL_PROVIDER', PROVIDER_KEYS.smtp)
}

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATA_DIR: z.string().default('./data'),
    DATABASE_URL: z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .superRefine((v, ctx) => {
        try {
          databaseTarget(v)
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message })
        }
      }),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    // Bounds on waiting for the database (lib/db.ts): a connection from the pool or a new one, and one
    // statement. Past them a request gets its dialect's 503 instead of hanging (docs/deploy.md).
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
    DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
    AUTH_SECRET: z.string().optional(),
    PUBLIC_URL: z.url().optional(),
    // Which proxies' X-Forwarded-For entries are believed (lib/http/client-ip.ts): unset = none,
    // true or a hop count, or a list of proxy addresses/CIDRs.
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((v, ctx) => {
        try {
          return parseTrustProxy(v)
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message })
          return z.NEVER
        }
      }),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(10 * 1024 * 1024)
      .default(64 * 1024),
    // Graceful stop (server.ts): on SIGTERM, how long requests in flight may take to finish before
    // their connections are closed; /api/health/ready answers 503 meanwhile.
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
    // Prometheus metrics (lib/metrics.ts): off unless one of these is set. METRICS_TOKEN serves
    // GET /metrics on the main port to `Authorization: Bearer <token>` only; METRICS_PORT serves it,
    // unauthenticated, on its own listener (METRICS_HOST, default 127.0.0.1) for a private network.
    METRICS_TOKEN: z.string().min(16, 'at least 16 characters (openssl rand -hex 24)').optional(),
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    METRICS_HOST: z.string().default('127.0.0.1'),

    // Signing secrets per JWT dialect (SPEC §4). Empty: derived from AUTH_SECRET. NODE_ENV=production
    // refuses one shorter than 32 bytes (a short HMAC secret can be guessed offline from one token)
    // unless ALLOW_SHORT_LEGACY_JWT_SECRET=true: a migration that must keep an old system's short
    // secret until its tokens are gone; the start then logs a warning naming the settings.
    THINKSNS_JWT_SECRET: z.string().optional(),
    HYPERF_JWT_KEY: z.string().optional(),
    FLASK_JWT_SECRET_KEY: z.string().optional(),
    ALLOW_SHORT_LEGACY_JWT_SECRET: bool.default(false),
    // Moving users here from an old system (#22, docs/migration.md): until this date (ISO 8601), a
    // ThinkSNS+ or Flask token the old system signed with the secret above (no `sid`) is accepted
    // and gets a session on first use. Unset: such tokens are refused.
    LEGACY_TOKENS_UNTIL: z.iso
      .datetime({ offset: true })
      .or(z.iso.date())
      .transform((s) => new Date(s))
      .optional(),
    // Signing algorithm of every JWT dialect (SPEC §4): HS256 with the secrets above, or an
    // asymmetric key per dialect (SigningKey table) published at /.well-known/jwks.json.
    JWT_SIGNING_ALG: z.enum(['HS256', 'ES256', 'EdDSA']).default('HS256'),
    // How often an instance re-reads the signing keys; also how long a rotated-in key is published
    // before it signs, so every instance (and every JWKS cache that honours max-age) has it first.
    SIGNING_KEYS_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),

    // Token lifetimes (SPEC §4)
    THINKSNS_TTL_MINUTES: minutes.default(60),
    THINKSNS_REFRESH_TTL_MINUTES: minutes.default(20160),
    THINKSNS_LEGACY_TTL_MINUTES: minutes.default(20160),
    THINKSNS_LEGACY_REFRESH_TTL_MINUTES: minutes.default(40320),
    THINKSNS_EXPIRES_IN_SECONDS: bool.default(false),
    HYPERF_TTL_SECONDS: seconds.default(86400),
    HYPERF_REFRESH_TTL_SECONDS: seconds.default(7 * 86400),
    // Time zone of Hyperf's `exp_date` / `iat_date` (/login/jwt/status).
    HYPERF_TIMEZONE: timeZone.default('Asia/Shanghai'),
    // `iss` of Hyperf tokens: the real project's APP_DOMAIN (default "hyperf").
    HYPERF_ISSUER: z.string().min(1).default('hyperf'),
    FLASK_ACCESS_TTL_SECONDS: seconds.default(86400),
    // Time zone of the Flask dialect's `YYYY-MM-DD HH:mm:ss` timestamps (seed 003 shows Beijing time).
    FLASK_TIMEZONE: timeZone.default('Asia/Shanghai'),
    FLASK_REFRESH_TTL_SECONDS: seconds.default(30 * 86400),
    RAGEFRAME_ACCESS_TTL_SECONDS: seconds.default(172800),
    RAGEFRAME_REFRESH_TTL_SECONDS: seconds.default(30 * 86400),
    REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
    BROWSER_SESSION_TTL_SECONDS: seconds.default(30 * 86400),
    // OpenID Connect provider (lib/oidc, docs/oidc.md): default lifetimes of its tokens; a client's own
    // lifetimes (admin dashboard, `npm run oauth:client`) override them.
    OIDC_ACCESS_TOKEN_TTL_SECONDS: seconds.default(3600),
    OIDC_ID_TOKEN_TTL_SECONDS: seconds.default(3600),
    OIDC_REFRESH_TOKEN_TTL_SECONDS: seconds.default(14 * 86400),
    // Back-channel logout requests to loopback and private addresses (10.x, 192.168.x, 127.x …): off,
    // the library's SSRF protection refuses them; on for apps reached on an internal network.
    OIDC_BACKCHANNEL_PRIVATE_ADDRESSES: bool.default(false),
    // Idle limits of browser sessions (#21 item 10): a session unused this long ends (reason 'idle').
    // An admin's is shorter and applies on the admin pages (Keycloak's SSO idle default is 30 min).
    SESSION_IDLE_MINUTES: minutes.default(7 * 24 * 60),
    ADMIN_SESSION_IDLE_MINUTES: minutes.default(30),
    // A sign-in (or re-entered password or code) younger than this lets the account page change a
    // password, phone or email and an admin run a destructive action without asking again.
    REAUTH_MAX_AGE_MINUTES: minutes.default(10),
    // Second factors (#26, docs/decisions/0017-second-factors.md). Who must have one (TOTP or a
    // passkey) to use the browser pages: nobody, admins (no admin page without one), or everyone.
    // The admin dashboard's switch (/admin/security) overrides this once set.
    MFA_REQUIRED: z.enum(['none', 'admins', 'everyone']).default('none'),
    // The legacy dialect APIs cannot ask for a second factor. `allow`: a user with one still signs in
    // there with the password or code alone (their apps keep working); `refuse`: that sign-in fails
    // with each dialect's own "bad credentials" answer.
    MFA_LEGACY_DIALECTS: z.enum(['allow', 'refuse']).default('allow'),
    // The name authenticator apps show next to the account (the otpauth:// issuer).
    MFA_ISSUER: z.string().min(1).max(60).default('Identity Service'),
    // Browser session cookie (next-auth, SPEC §6): Secure by default when NODE_ENV=production.
    SESSION_COOKIE_SECURE: bool.optional(),

    // Revocation visibility bound for the in-process session cache (docs/decisions/0003).
    SESSION_CACHE_MS: z.coerce.number().int().min(0).max(5000).default(1000),

    // Verification codes and limits (SPEC §3)
    CODE_DAILY_LIMIT_PER_TARGET: z.coerce.number().int().min(1).default(20),
    CODE_DAILY_LIMIT_PER_TARGET_AND_IP: z.coerce.number().int().min(1).default(5),
    CODE_DAILY_LIMIT_PER_IP: z.coerce.number().int().min(1).default(50),
    // The browser forms ask for a captcha before a send once the phone/email, or the sending address,
    // had this many codes in the last hour (#21 item 5; the dialect APIs keep the caps above).
    CODE_CAPTCHA_AFTER_PER_TARGET: z.coerce.number().int().min(0).default(3),
    CODE_CAPTCHA_AFTER_PER_IP: z.coerce.number().int().min(0).default(10),
    LOGIN_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    // The shortest password that may be set anywhere (lib/core/password-policy.ts): every API, the
    // browser and the admin. Only raised: the browser forms check PASSWORD_MIN before they send.
    PASSWORD_MIN_LENGTH: z.coerce
      .number()
      .int()
      .min(PASSWORD_MIN, `at least ${PASSWORD_MIN} (the browser forms ask for ${PASSWORD_MIN})`)
      .max(PASSWORD_MAX, `at most ${PASSWORD_MAX} (the longest password accepted)`)
      .default(PASSWORD_MIN),
    // Registrations (every dialect, the browser, a first WeChat sign-in) per address per hour (#21 item 7).
    REGISTER_LIMIT_PER_HOUR_PER_IP: z.coerce.number().int().min(1).default(20),
    // argon2id hashes running at once, each on its own thread; 0 = one per core. lib/hash-pool.ts.
    PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(0),
    // The hashing threads' nice value (0-19, higher = lower priority than the event loop). lib/hash-pool.ts.
    PASSWORD_HASH_NICE: z.coerce.number().int().min(0).max(19).default(10),

    // Providers (SPEC §7, docs/providers.md). The keys of the chosen provider are required (see
    // providerRules below); the other providers' keys may stay empty.
    SMS_PROVIDER: z.enum(['console', 'aliyun', 'tencent']).default('console'),
    MAIL_PROVIDER: z.enum(['console', 'smtp']).default('console'),
    // The console provider writes codes to the outbox and the log, and the APIs return them (SPEC §3):
    // anyone could sign in as anyone with a phone. NODE_ENV=production refuses to start with it unless
    // this is set (a demo or staging); the start then logs a warning and the admin dashboard shows a banner.
    ALLOW_CONSOLE_PROVIDER: bool.default(false),
    PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
    ALIYUN_SMS_ACCESS_KEY_ID: z.string().optional(),
    ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().optional(),
    ALIYUN_SMS_SIGN_NAME: z.string().optional(),
    ALIYUN_SMS_TEMPLATE_REGISTER: z.string().optional(),
    ALIYUN_SMS_TEMPLATE_LOGIN: z.string().optional(),
    ALIYUN_SMS_TEMPLATE_BIND: z.string().optional(),
    ALIYUN_SMS_TEMPLATE_RESET: z.string().optional(),
    // Template of the security notice SMS (a phone, email or password changed); ${what} names the change.
    // Unset: no notice SMS is sent (the notice by mail still is), and each skipped notice is logged.
    ALIYUN_SMS_TEMPLATE_NOTICE: z.string().optional(),
    ALIYUN_SMS_CODE_PARAM: z.string().regex(/^\w+$/).default('code'),
    ALIYUN_SMS_REGION: z.string().default('cn-hangzhou'),
    ALIYUN_SMS_ENDPOINT: z.url({ protocol: /^https?$/ }).default('https://dysmsapi.aliyuncs.com'),
    TENCENT_SMS_SECRET_ID: z.string().optional(),
    TENCENT_SMS_SECRET_KEY: z.string().optional(),
    TENCENT_SMS_SDK_APP_ID: z.string().optional(),
    TENCENT_SMS_SIGN_NAME: z.string().optional(),
    TENCENT_SMS_TEMPLATE_REGISTER: z.string().optional(),
    TENCENT_SMS_TEMPLATE_LOGIN: z.string().optional(),
    TENCENT_SMS_TEMPLATE_BIND: z.string().optional(),
    TENCENT_SMS_TEMPLATE_RESET: z.string().optional(),
    // Template of the security notice SMS, {1} naming the change; unset: no notice SMS (logged).
    TENCENT_SMS_TEMPLATE_NOTICE: z.string().optional(),
    TENCENT_SMS_TEMPLATE_WITH_TTL: bool.default(false),
    TENCENT_SMS_REGION: z.string().default('ap-guangzhou'),
    TENCENT_SMS_ENDPOINT: z.url({ protocol: /^https?$/ }).default('https://sms.tencentcloudapi.com'),
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
    MAIL_FROM: z.string().regex(/@/, 'must contain a mail address, e.g. "Example <no-reply@example.com>"').optional(),

    // Clean-up (lib/core/cleanup.ts): server.ts runs it at start and every CLEANUP_INTERVAL_MINUTES
    // (0 = never; then run `npm run cleanup` from cron). Expired codes, tokens and ended limit
    // windows go a day after their end; these set how long the rest is kept.
    CLEANUP_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
    // Rows deleted per statement, so a big table never holds the database (SQLite's one writer) for long.
    CLEANUP_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
    // Sessions that ended (signed out, revoked) or expired, with their tokens, this many days after.
    SESSION_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),
    // Outbox rows (every SMS and mail sent; the console provider's include the code).
    OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),

    // The time zone of every page's times, account and admin alike (#24), and the one the admin
    // overview's days ("today", the 30-day chart) are counted in.
    ADMIN_TIMEZONE: timeZone.default('Asia/Shanghai'),

    // The 《用户协议》 and 《隐私政策》 the sign-up consent links to (#24): a path of this service
    // (our own placeholder pages by default) or a full http(s) URL of the team's own documents.
    TERMS_URL: documentUrl.default('/terms'),
    PRIVACY_URL: documentUrl.default('/privacy'),

    // WeChat mini-program
    WECHAT_APPID: z.string().optional(),
    WECHAT_SECRET: z.string().optional(),
    WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  })
  .superRefine(providerRules)

export type Config = z.infer<typeof schema> & {
  authSecret: string
  database: ReturnType<typeof databaseTarget>
  /** The settings that choose the console provider while NODE_ENV=production (ALLOW_CONSOLE_PROVIDER=true); empty otherwise. */
  consoleInProduction: ConsoleProviderSetting[]
  /** The dialect JWT secrets shorter than 32 bytes while NODE_ENV=production (ALLOW_SHORT_LEGACY_JWT_SECRET=true); empty otherwise. */
  shortLegacySecrets: LegacySecretSetting[]
  /** next-auth (browser sessions): its base URL under /api/session, its own key, cookie security. */
  nextAuth: { url: string; secret: string; secureCookies: boolean }
}

export class ConfigError extends Error {}

type ConsoleProviderSetting = 'SMS_PROVIDER' | 'MAIL_PROVIDER'

const MIN_SECRET_LENGTH = 32

/** The dialects' own HS256 secrets (lib/dialects/<name>/profile.ts names its one). */
const LEGACY_SECRET_SETTINGS = ['THINKSNS_JWT_SECRET', 'HYPERF_JWT_KEY', 'FLASK_JWT_SECRET_KEY'] as const
type LegacySecretSetting = (typeof LEGACY_SECRET_SETTINGS)[number]
/** RFC 7518 §3.2: an HS256 key at least as long as the hash, 32 bytes. */
const MIN_JWT_SECRET_BYTES = 32

/** Secret of last resort in development: generated once, kept in the data folder. */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(48).toString('base64url')
  try {
    writeFileSync(file, secret + '\n', { flag: 'wx', mode: 0o600 })
    return secret
  } catch {
    // another process wrote it first
    return readFileSync(file, 'utf8').trim()
  }
}

/** A per-purpose key derived from AUTH_SECRET, so one secret can serve every dialect by default. */
export function deriveSecret(authSecret: string, purpose: string): string {
  return createHmac('sha256', authSecret).update(`identity-service:${purpose}`).digest('base64url')
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings in .env files mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = schema.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
    throw new ConfigError(`Invalid settings:\n${lines.join('\n')}\nSee .env.example for every setting.`)
  }
  const c = parsed.data
  const building = env.NEXT_PHASE === 'phase-production-build'
  let authSecret = c.AUTH_SECRET
  if (authSecret !== undefined && authSecret.length < MIN_SECRET_LENGTH) {
    if (c.NODE_ENV === 'production') throw new ConfigError(`AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters (try: openssl rand -base64 48)`)
  }
  // `next build` loads route modules to collect page data; build machines rarely hold runtime
  // secrets, and nothing is signed at build time, so the build gets a throwaway secret.
  if (authSecret === undefined && building) authSecret = randomBytes(48).toString('base64url')
  if (authSecret === undefined) {
    if (c.NODE_ENV === 'production') throw new ConfigError(`AUTH_SECRET is required when NODE_ENV=production (try: openssl rand -base64 48)`)
    authSecret = developmentSecret(c.DATA_DIR)
  }
  // The console provider puts codes in API answers, the outbox and the log.
  const consoleInProduction = c.NODE_ENV === 'production' ? (['SMS_PROVIDER', 'MAIL_PROVIDER'] as const).filter((k) => c[k] === 'console') : []
  if (!building && consoleInProduction.length > 0 && !c.ALLOW_CONSOLE_PROVIDER) {
    throw new ConfigError(
      `${consoleInProduction.join(' and ')}=console in production: the console provider puts verification codes in API answers, ` +
        `so anyone could sign in as anyone. Choose a real provider (docs/providers.md), or set ALLOW_CONSOLE_PROVIDER=true for a demo or staging.`,
    )
  }
  // A dialect secret set by hand (the old system's, so its tokens keep verifying) is checked by its
  // byte length: that is what HMAC keys on.
  const shortLegacySecrets =
    c.NODE_ENV === 'production' ? LEGACY_SECRET_SETTINGS.filter((k) => c[k] !== undefined && Buffer.byteLength(c[k], 'utf8') < MIN_JWT_SECRET_BYTES) : []
  if (!building && shortLegacySecrets.length > 0 && !c.ALLOW_SHORT_LEGACY_JWT_SECRET) {
    throw new ConfigError(
      `${shortLegacySecrets.join(' and ')} ${shortLegacySecrets.length > 1 ? 'are' : 'is'} shorter than ${MIN_JWT_SECRET_BYTES} bytes in production: ` +
        `a short HMAC secret can be guessed offline from a single token. Set at least ${MIN_JWT_SECRET_BYTES} random bytes (try: openssl rand -base64 48), ` +
        `or leave it empty to derive it from AUTH_SECRET; to keep an old system's short secret during a migration, set ALLOW_SHORT_LEGACY_JWT_SECRET=true.`,
    )
  }
  return {
    ...c,
    authSecret,
    consoleInProduction,
    shortLegacySecrets,
    database: databaseTarget(c.DATABASE_URL),
    nextAuth: {
      // next-auth's routes live under /api/session: /api/auth belongs to the Flask dialect (SPEC §2).
      url: `${(c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '')}${NEXT_AUTH_BASE_PATH}`,
      secret: deriveSecret(authSecret, 'next-auth'),
      secureCookies: c.SESSION_COOKIE_SECURE ?? c.NODE_ENV === 'production',
    },
  }
}

const NEXT_AUTH_BASE_PATH = '/api/session'

/**
 * next-auth v4 reads its base URL only from process.env.NEXTAUTH_URL (without it, it assumes
 * /api/auth). This module is the one that touches process.env, so it hands the setting over here.
 */
export function exportNextAuthUrl(c: Config = config()): void {
  process.env.NEXTAUTH_URL = c.nextAuth.url
}

let current: Config | undefined

/** The process's settings, parsed on first use. */
export function config(): Config {
  current ??= loadConfig()
  return current
}

/** Tests only: replace the settings (for example to point at another database). */
export function setConfigForTests(next: Config | undefined): void {
  current = next
}
