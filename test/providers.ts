// Providers for tests: the real provider interface, failing the way Aliyun's SMS API fails when a
// phone has had too many messages (isv.BUSINESS_LIMIT_CONTROL).
import { ProviderError, type MessageProvider } from '../lib/providers'

export const failingSmsProvider = (): MessageProvider => ({
  name: 'failing',
  channel: 'sms',
  revealsCodes: false,
  sendCode: async () => {
    throw new ProviderError('failing', 'isv.BUSINESS_LIMIT_CONTROL', 'limit')
  },
})
