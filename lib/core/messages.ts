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

type SendResult = { providerCode?: string }

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

/** 13812345678 -> 138****5678; alice@example.com -> a***@example.com. */
export function maskRecipient(to: string): string {
  const at = to.lastIndexOf('@')
  if (at > 0) return `${to[0]}***${to.slice(at)}`
  if (to.length >= 8) return `${to.slice(0, 3)}****${to.slice(-4)}`
  return '*'.repeat(to.length)
}
