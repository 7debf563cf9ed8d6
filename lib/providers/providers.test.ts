// Choosing a provider by settings: a missing key of the chosen provider stops start-up with a
// message naming it; providerFor builds the chosen provider from the settings.
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, config, loadConfig, setConfigForTests } from '../config'
import { maskRecipient, providerFor } from '.'
import { fakeApi } from './testing'

const base = { AUTH_SECRET: 'x'.repeat(48), DATA_DIR: process.env.DATA_DIR }
const ALIYUN = {
  SMS_PROVIDER: 'aliyun',
  ALIYUN_SMS_ACCESS_KEY_ID: 'LTAIkey',
  ALIYUN_SMS_ACCESS_KEY_SECRET: 'aliyun-secret-value',
  ALIYUN_SMS_SIGN_NAME: '签名',
  ALIYUN_SMS_TEMPLATE_REGISTER: 'SMS_1',
  ALIYUN_SMS_TEMPLATE_LOGIN: 'SMS_2',
  ALIYUN_SMS_TEMPLATE_BIND: 'SMS_3',
  ALIYUN_SMS_TEMPLATE_RESET: 'SMS_4',
}
const TENCENT = {
  SMS_PROVIDER: 'tencent',
  TENCENT_SMS_SECRET_ID: 'AKIDid',
  TENCENT_SMS_SECRET_KEY: 'tencent-secret-value',
  TENCENT_SMS_SDK_APP_ID: '1400006666',
  TENCENT_SMS_SIGN_NAME: '腾讯云',
  TENCENT_SMS_TEMPLATE_REGISTER: '1',
  TENCENT_SMS_TEMPLATE_LOGIN: '2',
  TENCENT_SMS_TEMPLATE_BIND: '3',
  TENCENT_SMS_TEMPLATE_RESET: '4',
}
const SMTP = { MAIL_PROVIDER: 'smtp', SMTP_URL: 'smtps://user:pass@smtp.example.com:465', MAIL_FROM: 'no-reply@example.com' }

const failure = (env: Record<string, string | undefined>) => {
  try {
    loadConfig({ ...base, ...env })
    return null
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return (e as Error).message
  }
}

const original = config()
afterEach(() => setConfigForTests(original))

describe('provider settings', () => {
  it('console is the default for both channels, with a 5 s provider timeout', () => {
    const c = loadConfig(base)
    expect([c.SMS_PROVIDER, c.MAIL_PROVIDER, c.PROVIDER_TIMEOUT_MS]).toEqual(['console', 'console', 5000])
  })

  it('a complete set for each provider loads, with the documented default endpoints', () => {
    expect(loadConfig({ ...base, ...ALIYUN }).ALIYUN_SMS_ENDPOINT).toBe('https://dysmsapi.aliyuncs.com')
    const t = loadConfig({ ...base, ...TENCENT })
    expect([t.TENCENT_SMS_ENDPOINT, t.TENCENT_SMS_REGION]).toEqual(['https://sms.tencentcloudapi.com', 'ap-guangzhou'])
    expect(loadConfig({ ...base, ...SMTP }).MAIL_PROVIDER).toBe('smtp')
  })

  it('a missing Aliyun key or template stops start-up, naming it', () => {
    expect(failure({ ...ALIYUN, ALIYUN_SMS_ACCESS_KEY_SECRET: undefined })).toContain('ALIYUN_SMS_ACCESS_KEY_SECRET: required when SMS_PROVIDER=aliyun')
    // an empty value in an .env file counts as missing
    expect(failure({ ...ALIYUN, ALIYUN_SMS_TEMPLATE_RESET: '' })).toContain('ALIYUN_SMS_TEMPLATE_RESET: required when SMS_PROVIDER=aliyun')
  })

  it('a missing Tencent key or template stops start-up, naming it', () => {
    const msg = failure({ ...TENCENT, TENCENT_SMS_SDK_APP_ID: undefined, TENCENT_SMS_TEMPLATE_BIND: undefined })
    expect(msg).toContain('TENCENT_SMS_SDK_APP_ID: required when SMS_PROVIDER=tencent')
    expect(msg).toContain('TENCENT_SMS_TEMPLATE_BIND: required when SMS_PROVIDER=tencent')
  })

  it('SMTP needs SMTP_URL (smtp:// or smtps://) and MAIL_FROM', () => {
    expect(failure({ MAIL_PROVIDER: 'smtp' })).toMatch(/SMTP_URL: required when MAIL_PROVIDER=smtp[\s\S]*MAIL_FROM: required/)
    expect(failure({ ...SMTP, SMTP_URL: 'https://smtp.example.com' })).toContain('SMTP_URL: must be an smtp:// or smtps:// URL')
  })

  it('the other providers keys may stay empty, and an unknown provider is refused', () => {
    expect(failure({ SMS_PROVIDER: 'console', ALIYUN_SMS_ACCESS_KEY_ID: 'x' })).toBeNull()
    expect(failure({ SMS_PROVIDER: 'twilio' })).toContain('SMS_PROVIDER')
  })
})

describe('providerFor', () => {
  it('builds the provider the settings name, pointed at the configured endpoint', async () => {
    const api = await fakeApi(() => ({ status: 200, body: JSON.stringify({ Message: 'OK', RequestId: 'R', Code: 'OK', BizId: '1^0' }) }))
    try {
      setConfigForTests(loadConfig({ ...base, ...ALIYUN, ...SMTP, ALIYUN_SMS_ENDPOINT: api.url, PROVIDER_TIMEOUT_MS: '1500' }))
      const sms = providerFor('sms')
      expect([sms.name, sms.revealsCodes]).toEqual(['aliyun', false])
      expect(providerFor('sms')).toBe(sms) // built once per settings
      expect(providerFor('mail').name).toBe('smtp')
      await sms.sendCode({ to: '13800138000', code: '123456', purpose: 'bind', ttlMinutes: 5 })
      expect(new URLSearchParams(api.seen[0].body).get('TemplateCode')).toBe('SMS_3')
    } finally {
      await api.close()
    }
  })

  it('console stays the development default and reveals codes', () => {
    setConfigForTests(loadConfig(base))
    expect([providerFor('sms').name, providerFor('sms').revealsCodes, providerFor('mail').name]).toEqual(['console', true, 'console'])
  })
})

describe('maskRecipient', () => {
  it('keeps the first 3 and last 4 digits of a phone, the first letter and domain of an address', () => {
    expect(maskRecipient('13812345678')).toBe('138****5678')
    expect(maskRecipient('+8613812345678')).toBe('+86****5678')
    expect(maskRecipient('alice@example.com')).toBe('a***@example.com')
  })
})
