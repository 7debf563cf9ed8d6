// What the core needs of a message provider. Real providers (Aliyun, Tencent Cloud, SMTP) implement
// the same interface; `console` is the development default that writes to the outbox table.

export type CodePurpose = 'register' | 'login' | 'bind' | 'reset'

export type OutgoingCode = {
  to: string
  code: string
  purpose: CodePurpose
  ttlMinutes: number
}

export type SendResult = { providerCode?: string }

export interface MessageProvider {
  readonly name: string
  readonly channel: 'sms' | 'mail'
  /** True for the development provider: only then may an API answer carry the code (SPEC §3). */
  readonly revealsCodes: boolean
  /** Throws ProviderError when the provider refused or failed. */
  sendCode(message: OutgoingCode): Promise<SendResult>
}

export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly providerCode: string,
    message: string,
  ) {
    super(message)
    this.name = 'ProviderError'
  }
}
