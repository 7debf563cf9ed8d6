import { describe, expect, it } from 'vitest'
import { loadConfig, ConfigError } from './config'

describe('settings', () => {
  it('refuse a bad value with a message naming the setting', () => {
    expect(() => loadConfig({ PORT: 'eighty', AUTH_SECRET: 'x'.repeat(40) })).toThrow(/PORT/)
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', AUTH_SECRET: 'x'.repeat(40) })).toThrow(/DATABASE_URL/)
  })

  // Issue #19: FLASK_TIMEZONE=Asia/Shanghia started cleanly, then every Flask login answered 500.
  it.each(['FLASK_TIMEZONE', 'HYPERF_TIMEZONE', 'ADMIN_TIMEZONE'])('refuse an unknown %s at load, naming it', (setting) => {
    expect(() => loadConfig({ AUTH_SECRET: 'x'.repeat(40), [setting]: 'Asia/Shanghia' })).toThrow(new RegExp(`${setting}: not a known IANA time zone`))
    expect(loadConfig({ AUTH_SECRET: 'x'.repeat(40), [setting]: 'Europe/Berlin' })[setting as 'FLASK_TIMEZONE']).toBe('Europe/Berlin')
  })

  it('in production, refuse a missing or short AUTH_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError)
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'short' })).toThrow(/at least 32/)
    expect(loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40), ALLOW_CONSOLE_PROVIDER: 'true' }).authSecret).toBe('x'.repeat(40))
  })

  // Issue #21: the console provider answers codes in the APIs, so production refuses it unless told.
  it('in production, refuse the console SMS or mail provider unless ALLOW_CONSOLE_PROVIDER=true', () => {
    const prod = { NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40) }
    expect(() => loadConfig(prod)).toThrow(/SMS_PROVIDER and MAIL_PROVIDER=console in production.*ALLOW_CONSOLE_PROVIDER=true/)
    const smtp = { MAIL_PROVIDER: 'smtp', SMTP_URL: 'smtp://mail.example.com', MAIL_FROM: 'no-reply@example.com' }
    expect(() => loadConfig({ ...prod, ...smtp })).toThrow(/^SMS_PROVIDER=console in production/)
    expect(loadConfig({ ...prod, ...smtp, ALLOW_CONSOLE_PROVIDER: 'true' }).SMS_PROVIDER).toBe('console')
    expect(() => loadConfig({ ...prod, ALLOW_CONSOLE_PROVIDER: 'false' })).toThrow(ConfigError)
    // development and the build are not refused
    expect(loadConfig({ AUTH_SECRET: 'x'.repeat(40) }).SMS_PROVIDER).toBe('console')
    expect(loadConfig({ ...prod, NEXT_PHASE: 'phase-production-build' }).SMS_PROVIDER).toBe('console')
  })

  // Issue #21 item 12: a short HMAC secret can be guessed offline from one token.
  it.each(['THINKSNS_JWT_SECRET', 'HYPERF_JWT_KEY', 'FLASK_JWT_SECRET_KEY'])(
    'in production, refuse a %s shorter than 32 bytes, naming it, unless ALLOW_SHORT_LEGACY_JWT_SECRET=true',
    (setting) => {
      const prod = { NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40), ALLOW_CONSOLE_PROVIDER: 'true' }
      expect(() => loadConfig({ ...prod, [setting]: 's'.repeat(31) })).toThrow(
        new RegExp(`^${setting} is shorter than 32 bytes in production.*ALLOW_SHORT_LEGACY_JWT_SECRET=true`),
      )
      // bytes, not characters: 11 three-byte characters are 33 bytes
      expect(loadConfig({ ...prod, [setting]: '密'.repeat(11) }).shortLegacySecrets).toEqual([])
      expect(loadConfig({ ...prod, [setting]: 's'.repeat(32) }).shortLegacySecrets).toEqual([])
      const allowed = loadConfig({ ...prod, [setting]: 'legacy', ALLOW_SHORT_LEGACY_JWT_SECRET: 'true' })
      expect(allowed.shortLegacySecrets).toEqual([setting])
      expect(allowed[setting as 'HYPERF_JWT_KEY']).toBe('legacy')
      expect(() => loadConfig({ ...prod, [setting]: 'legacy', ALLOW_SHORT_LEGACY_JWT_SECRET: 'false' })).toThrow(ConfigError)
      // development, tests and the build are not refused; an unset secret is derived (long)
      expect(loadConfig({ AUTH_SECRET: 'x'.repeat(40), [setting]: 'legacy' }).shortLegacySecrets).toEqual([])
      expect(loadConfig({ ...prod, [setting]: 'legacy', NEXT_PHASE: 'phase-production-build' })[setting as 'HYPERF_JWT_KEY']).toBe('legacy')
      expect(loadConfig(prod).shortLegacySecrets).toEqual([])
    },
  )

  it('names every short dialect secret at once', () => {
    const prod = { NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40), ALLOW_CONSOLE_PROVIDER: 'true' }
    expect(() => loadConfig({ ...prod, HYPERF_JWT_KEY: 'a', FLASK_JWT_SECRET_KEY: 'b' })).toThrow(
      /^HYPERF_JWT_KEY and FLASK_JWT_SECRET_KEY are shorter than 32 bytes/,
    )
  })

  it('let `next build` run without AUTH_SECRET, but never a production server', () => {
    const built = loadConfig({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' })
    expect(built.authSecret.length).toBeGreaterThanOrEqual(32)
    expect(loadConfig({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' }).authSecret).not.toBe(built.authSecret)
    expect(() => loadConfig({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-server' })).toThrow(/AUTH_SECRET is required/)
  })

  it('pick the database by URL', () => {
    expect(loadConfig({ AUTH_SECRET: 'x'.repeat(40) }).database.provider).toBe('sqlite')
    expect(loadConfig({ AUTH_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://a:b@h/db' }).database.provider).toBe('postgresql')
  })
})
