// The development provider: the message goes to the outbox table (readable on /admin/outbox) and
// the log. It is the only provider whose codes an API may return.
import { db } from '../db'
import { log } from '../log'
import { codeSubject, codeText, noticeSubject, noticeText } from './texts'
import type { MessageProvider, OutgoingCode, OutgoingNotice } from '../core/messages'

export function consoleProvider(channel: 'sms' | 'mail'): MessageProvider {
  return {
    name: 'console',
    channel,
    revealsCodes: true,
    async sendCode(m: OutgoingCode) {
      const body = codeText(m.code, m.purpose, m.ttlMinutes)
      await db().outboxMessage.create({
        data: {
          channel,
          provider: 'console',
          recipient: m.to,
          purpose: m.purpose,
          subject: channel === 'mail' ? codeSubject(m.purpose) : null,
          body,
          result: 'sent',
        },
      })
      // The console provider exists so a developer can read the code: logging it is its purpose.
      log.info('console message', { channel, to: m.to, purpose: m.purpose, body })
      return {}
    },
    async sendNotice(n: OutgoingNotice) {
      const body = noticeText(n)
      await db().outboxMessage.create({
        data: { channel, provider: 'console', recipient: n.to, purpose: 'notice', subject: channel === 'mail' ? noticeSubject(n) : null, body, result: 'sent' },
      })
      log.info('console message', { channel, to: n.to, purpose: 'notice', body })
      return {}
    },
  }
}
