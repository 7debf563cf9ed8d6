// What the core needs of a message provider (a port): lib/providers implements it (Aliyun, Tencent
// Cloud, SMTP, and `console`, the development default that writes to the outbox table) and hands
// the configured one to sendVerificationCode (lib/providers/index.ts sendCode), so the core never
// imports a provider.

export type CodePurpose = 'register' | 'login' | 'bind' | 'reset'

export type OutgoingCode = {
  to: string
  code: string
  purpose: CodePurpose
  ttlMinutes: number
}

/** What a security notice tells the account's old phone or email (#21 item 10). */
export type NoticeKind = 'phone_changed' | 'email_changed' | 'password_changed' | 'factors_reset'

/**
 * A security notice. It carries no code and never a contact in full: `newContact` is already
 * masked by the core (maskRecipient), so no provider can leak the new phone or email.
 */
export type OutgoingNotice = {
  to: string
  kind: NoticeKind
  newContact?: string
}

type SendResult = { providerCode?: string }

export interface MessageProvider {
  readonly name: string
  readonly channel: 'sms' | 'mail'
  /** True for the development provider: only then may an API answer carry the code (SPEC §3). */
  readonly revealsCodes: boolean
  /** Throws ProviderError when the provider refused or failed. */
  sendCode(message: OutgoingCode): Promise<SendResult>
  /**
   * Throws ProviderError when the provider refused, failed or has no notice template (`not_configured`).
   * Every real provider has it; optional only so the tests' one-method fakes of sendCode stay valid.
   */
  sendNotice?(message: OutgoingNotice): Promise<SendResult>
}

/** The provider of each channel, as lib/providers chooses it (providerFor): how a use case that sends reaches one. */
export type ProviderLookup = (channel: 'sms' | 'mail') => MessageProvider

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

/** 13812345678 -> 138****5678; alice@example.com -> a***@example.com. */
export function maskRecipient(to: string): string {
  const at = to.lastIndexOf('@')
  if (at > 0) return `${to[0]}***${to.slice(at)}`
  if (to.length >= 8) return `${to.slice(0, 3)}****${to.slice(-4)}`
  return '*'.repeat(to.length)
}
