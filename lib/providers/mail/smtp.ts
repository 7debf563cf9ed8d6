// Mail through the operator's own SMTP server (nodemailer), SMTP_URL like
// smtps://user:pass@smtp.example.com:465 or smtp://smtp.example.com:587 (STARTTLS when offered).
// Each message carries a plain-text and an HTML body. The whole send is bounded by the provider
// timeout: nodemailer's own connect/greeting/socket timeouts, plus an overall deadline.
import nodemailer from 'nodemailer'
import { deliver, hiddenBody } from '../record'
import { codeHtml, codeSubject, codeText, noticeSubject, noticeText } from '../texts'
import { ProviderError, type MessageProvider, type OutgoingCode, type OutgoingNotice } from '../../core/messages'

export type SmtpSettings = {
  url: string
  from: string
  timeoutMs: number
}

/** The password (and user) inside SMTP_URL: kept out of every error and log line. */
function urlSecrets(url: string): string[] {
  try {
    const u = new URL(url)
    return [decodeURIComponent(u.password), u.password].filter((s) => s.length > 0)
  } catch {
    return []
  }
}

type SmtpFailure = Error & { code?: string; responseCode?: number }

export function smtpMail(s: SmtpSettings): MessageProvider {
  const transport = nodemailer.createTransport({
    url: s.url,
    connectionTimeout: s.timeoutMs,
    greetingTimeout: s.timeoutMs,
    socketTimeout: s.timeoutMs,
    dnsTimeout: s.timeoutMs,
  } as nodemailer.TransportOptions)
  /** One message through the transport, bounded by the timeout; returns the SMTP reply code. */
  async function sendMail(mail: { to: string; subject: string; text: string; html?: string }): Promise<string> {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProviderError('smtp', 'timeout', `smtp: no answer within ${s.timeoutMs} ms`)), s.timeoutMs)
    })
    try {
      const info = await Promise.race([transport.sendMail({ from: s.from, ...mail }), deadline])
      if (info.rejected.length > 0) throw new ProviderError('smtp', 'rejected', 'smtp: the server refused the recipient')
      // "250 2.0.0 Ok: queued as ..." -> "250"
      return /^\d{3}/.exec(info.response ?? '')?.[0] ?? '250'
    } catch (e) {
      if (e instanceof ProviderError) throw e
      const f = e as SmtpFailure
      const code = f.responseCode ? String(f.responseCode) : f.code === 'ETIMEDOUT' ? 'timeout' : (f.code ?? 'smtp_error')
      throw new ProviderError('smtp', code, `smtp: ${f.message}`)
    } finally {
      clearTimeout(timer)
    }
  }
  return {
    name: 'smtp',
    channel: 'mail',
    revealsCodes: false,
    async sendCode(m: OutgoingCode) {
      const subject = codeSubject(m.purpose)
      return deliver(
        { channel: 'mail', provider: 'smtp', to: m.to, purpose: m.purpose, subject, body: hiddenBody(subject), secrets: [...urlSecrets(s.url), m.code] },
        () => sendMail({ to: m.to, subject, text: codeText(m.code, m.purpose, m.ttlMinutes), html: codeHtml(m.code, m.purpose, m.ttlMinutes) }),
      )
    },
    async sendNotice(n: OutgoingNotice) {
      const subject = noticeSubject(n)
      return deliver({ channel: 'mail', provider: 'smtp', to: n.to, purpose: 'notice', subject, body: subject, secrets: urlSecrets(s.url) }, () =>
        sendMail({ to: n.to, subject, text: noticeText(n) }),
      )
    },
  }
}
