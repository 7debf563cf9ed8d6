// The provider for each channel, chosen by settings (SMS_PROVIDER, MAIL_PROVIDER).
import { config } from '../config'
import { consoleProvider } from './console'
import type { MessageProvider } from './types'

let overrides: Partial<Record<'sms' | 'mail', MessageProvider>> = {}

export function providerFor(channel: 'sms' | 'mail'): MessageProvider {
  const o = overrides[channel]
  if (o) return o
  const name = channel === 'sms' ? config().SMS_PROVIDER : config().MAIL_PROVIDER
  switch (name) {
    case 'console':
      return consoleProvider(channel)
  }
}

/** Tests only: send through another provider. */
export function setProviderForTests(channel: 'sms' | 'mail', provider: MessageProvider | undefined): void {
  overrides = { ...overrides, [channel]: provider }
}

export type { MessageProvider, CodePurpose } from './types'
export { ProviderError } from './types'
