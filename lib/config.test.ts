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
