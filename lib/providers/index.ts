// The provider for each channel, chosen by settings (SMS_PROVIDER, MAIL_PROVIDER; docs/providers.md).
// loadConfig has already refused to start when the chosen provider's keys are missing.
import { config, type Config } from '../config'
import { sendVerificationCode, type SendCodeInput, type SentCode } from '../core/codes'
import { consoleProvider } from './console'
import { smtpMail } from './mail/smtp'
import { aliyunSms } from './sms/aliyun'
import { tencentSms } from './sms/tencent'
import type { MessageProvider } from '../core/messages'

let overrides: Partial<Record<'sms' | 'mail', MessageProvider>> = {}

// One provider per settings object: the SMTP transport is built once, not per message.
const built = new WeakMap<Config, Partial<Record<'sms' | 'mail', MessageProvider>>>()

/** A key loadConfig made sure is set for the chosen provider. */
function required(c: Config, key: keyof Config): string {
  const v = c[key]
  if (typeof v !== 'string') throw new Error(`${String(key)} is not set`)
  return v
}

function build(c: Config, channel: 'sms' | 'mail'): MessageProvider {
  const name = channel === 'sms' ? c.SMS_PROVIDER : c.MAIL_PROVIDER
  switch (name) {
    case 'console':
      return consoleProvider(channel)
    case 'aliyun':
      return aliyunSms({
        accessKeyId: required(c, 'ALIYUN_SMS_ACCESS_KEY_ID'),
        accessKeySecret: required(c, 'ALIYUN_SMS_ACCESS_KEY_SECRET'),
        signName: required(c, 'ALIYUN_SMS_SIGN_NAME'),
        templates: {
          register: required(c, 'ALIYUN_SMS_TEMPLATE_REGISTER'),
          login: required(c, 'ALIYUN_SMS_TEMPLATE_LOGIN'),
          bind: required(c, 'ALIYUN_SMS_TEMPLATE_BIND'),
          reset: required(c, 'ALIYUN_SMS_TEMPLATE_RESET'),
        },
        noticeTemplate: c.ALIYUN_SMS_TEMPLATE_NOTICE,
        codeParam: c.ALIYUN_SMS_CODE_PARAM,
        regionId: c.ALIYUN_SMS_REGION,
        endpoint: c.ALIYUN_SMS_ENDPOINT,
        timeoutMs: c.PROVIDER_TIMEOUT_MS,
      })
    case 'tencent':
      return tencentSms({
        secretId: required(c, 'TENCENT_SMS_SECRET_ID'),
        secretKey: required(c, 'TENCENT_SMS_SECRET_KEY'),
        sdkAppId: required(c, 'TENCENT_SMS_SDK_APP_ID'),
        signName: required(c, 'TENCENT_SMS_SIGN_NAME'),
        templates: {
          register: required(c, 'TENCENT_SMS_TEMPLATE_REGISTER'),
          login: required(c, 'TENCENT_SMS_TEMPLATE_LOGIN'),
          bind: required(c, 'TENCENT_SMS_TEMPLATE_BIND'),
          reset: required(c, 'TENCENT_SMS_TEMPLATE_RESET'),
        },
        noticeTemplate: c.TENCENT_SMS_TEMPLATE_NOTICE,
        templateWithTtl: c.TENCENT_SMS_TEMPLATE_WITH_TTL,
        region: c.TENCENT_SMS_REGION,
        endpoint: c.TENCENT_SMS_ENDPOINT,
        timeoutMs: c.PROVIDER_TIMEOUT_MS,
      })
    case 'smtp':
      return smtpMail({ url: required(c, 'SMTP_URL'), from: required(c, 'MAIL_FROM'), timeoutMs: c.PROVIDER_TIMEOUT_MS })
  }
}

export function providerFor(channel: 'sms' | 'mail'): MessageProvider {
  const o = overrides[channel]
  if (o) return o
  const c = config()
  let forConfig = built.get(c)
  if (!forConfig) built.set(c, (forConfig = {}))
  return (forConfig[channel] ??= build(c, channel))
}

/**
 * Sends a verification code through the provider the settings choose for its channel: what pages
 * and dialects call (the core's sendVerificationCode takes the provider as an argument).
 */
export function sendCode(input: SendCodeInput): Promise<SentCode> {
  return sendVerificationCode(input, providerFor(input.channel))
}

/** Tests only: send through another provider. */
export function setProviderForTests(channel: 'sms' | 'mail', provider: MessageProvider | undefined): void {
  overrides = { ...overrides, [channel]: provider }
}

export type { MessageProvider } from '../core/messages'
export { ProviderError } from '../core/messages'
export { maskRecipient } from '../core/messages'
