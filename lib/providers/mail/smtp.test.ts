// SMTP mail through a local smtp-server (127.0.0.1, random port): the message is received, read
// back and decoded, both bodies checked; the server's refusals and silence become ProviderErrors.
import { afterEach, describe, expect, it } from 'vitest'
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'
import { smtpMail } from './smtp'
import { ProviderError, setProviderForTests } from '..'
import { captureLogs } from '../testing'
import { db } from '../../db'
import { sendCode } from '../index'
import { consumeVerificationCode } from '../../core/codes'

const USER = 'mailer'
const PASS = 'smtp-pass-Hy7Ju8Ki9Lo0'

type Received = { from: string; to: string[]; raw: string }

async function smtp(opts: { hang?: boolean; refuse?: string } = {}) {
  const received: Received[] = []
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    closeTimeout: 100,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === USER && auth.password === PASS) return cb(null, { user: USER })
      cb(Object.assign(new Error('Authentication failed'), { responseCode: 535 }))
    },
    onRcptTo(address, _session, cb) {
      if (address.address === opts.refuse) return cb(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }))
      cb()
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        if (!opts.hang) cb()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

// A small MIME reader: enough for nodemailer's multipart/alternative with QP or base64 parts.
function unfold(headers: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of headers.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':')
    if (i > 0) out[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim()
  }
  return out
}
function decodeBody(body: string, encoding = '7bit'): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => `%${h}`)
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'))
  }
  return body
}
function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeBody(text.replace(/_/g, ' '), 'quoted-printable'),
  )
}
function readMail(raw: string) {
  const split = raw.indexOf('\r\n\r\n')
  const headers = unfold(raw.slice(0, split))
  const boundary = /boundary="?([^";]+)"?/.exec(headers['content-type'])![1]
  const parts: Record<string, string> = {}
  for (const chunk of raw
    .slice(split + 4)
    .split(`--${boundary}`)
    .slice(1, -1)) {
    const s = chunk.indexOf('\r\n\r\n')
    const h = unfold(chunk.slice(0, s).trim())
    parts[h['content-type'].split(';')[0]] = decodeBody(chunk.slice(s + 4).trim(), h['content-transfer-encoding'])
  }
  return { subject: decodeWords(headers.subject), from: headers.from, to: headers.to, text: parts['text/plain'], html: parts['text/html'] }
}

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  setProviderForTests('mail', undefined)
  while (closers.length) await closers.pop()!()
})
async function serve(opts?: Parameters<typeof smtp>[0]) {
  const s = await smtp(opts)
  closers.push(s.close)
  return s
}
const settings = (port: number, over: { pass?: string; timeoutMs?: number } = {}) => ({
  url: `smtp://${USER}:${encodeURIComponent(over.pass ?? PASS)}@127.0.0.1:${port}`,
  from: '身份服务 <no-reply@example.com>',
  timeoutMs: over.timeoutMs ?? 3000,
})

describe('SMTP mail', () => {
  it('delivers a message with a plain-text and an HTML body, both carrying the code', async () => {
    const server = await serve()
    const r = await smtpMail(settings(server.port)).sendCode({ to: 'alice@example.com', code: '314159', purpose: 'reset', ttlMinutes: 5 })
    expect(r.providerCode).toBe('250')
    expect(server.received).toHaveLength(1)
    const got = server.received[0]
    expect(got.from).toBe('no-reply@example.com')
    expect(got.to).toEqual(['alice@example.com'])
    const mail = readMail(got.raw)
    expect(mail.subject).toBe('重置密码验证码')
    expect(mail.text).toBe('您的重置密码验证码是 314159，5 分钟内有效。如非本人操作，请忽略。')
    expect(mail.html).toContain('<p style="font-size:24px;font-weight:bold;letter-spacing:4px">314159</p>')
    expect(mail.html).toContain('您的重置密码验证码是')
    expect(mail.html).toContain('5 分钟内有效')
  })

  it('writes an outbox row: masked address, subject, result and SMTP code, never the code', async () => {
    const server = await serve()
    await smtpMail(settings(server.port)).sendCode({ to: 'bob.smith@example.org', code: '271828', purpose: 'register', ttlMinutes: 5 })
    const rows = await db().outboxMessage.findMany({ where: { provider: 'smtp', recipient: 'b***@example.org' } })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      channel: 'mail',
      purpose: 'register',
      subject: '注册验证码',
      body: '注册验证码 [code hidden]',
      result: 'sent',
      providerCode: '250',
    })
    expect(JSON.stringify(rows)).not.toContain('271828')
  })

  it('a refused recipient is a ProviderError with the SMTP reply code, and a failed outbox row', async () => {
    const server = await serve({ refuse: 'gone@example.com' })
    const err = await smtpMail(settings(server.port))
      .sendCode({ to: 'gone@example.com', code: '123456', purpose: 'login', ttlMinutes: 5 })
      .catch((e) => e)
    expect(err).toBeInstanceOf(ProviderError)
    expect(err).toMatchObject({ provider: 'smtp', providerCode: '550' })
    const row = await db().outboxMessage.findFirstOrThrow({ where: { provider: 'smtp', recipient: 'g***@example.com' } })
    expect(row).toMatchObject({ result: 'failed', providerCode: '550' })
  })

  it('a wrong password is refused (535); the password and the code stay out of the error and the log', async () => {
    const server = await serve()
    const wrong = 'wrong-pass-Zq1Xw2Ce3'
    const { result, lines } = await captureLogs(() =>
      smtpMail(settings(server.port, { pass: wrong })).sendCode({ to: 'carol@example.com', code: '161803', purpose: 'login', ttlMinutes: 5 }),
    )
    const err = result as ProviderError
    expect(err).toBeInstanceOf(ProviderError)
    expect(err.providerCode).toBe('535')
    for (const text of [err.message, JSON.stringify(err), lines]) {
      expect(text).not.toContain(wrong)
      expect(text).not.toContain('161803')
    }
    expect(server.received).toHaveLength(0)
  })

  it('gives up after the timeout when the server goes silent', async () => {
    const server = await serve({ hang: true })
    const started = Date.now()
    const err = await smtpMail(settings(server.port, { timeoutMs: 500 }))
      .sendCode({ to: 'dave@example.com', code: '123456', purpose: 'login', ttlMinutes: 5 })
      .catch((e) => e)
    expect(err).toMatchObject({ provider: 'smtp', providerCode: 'timeout' })
    expect(Date.now() - started).toBeLessThan(3000)
  })
})

describe('sendVerificationCode through SMTP', () => {
  it('the mailed code works, and is not in the answer', async () => {
    const server = await serve()
    setProviderForTests('mail', smtpMail(settings(server.port)))
    const target = 'erin@example.com'
    const sent = await sendCode({ channel: 'mail', target, purpose: 'bind' })
    expect(sent.code).toBeUndefined()
    const code = /验证码是 (\d{6})/.exec(readMail(server.received[0].raw).text)![1]
    await consumeVerificationCode({ channel: 'mail', target, purpose: 'bind', code })
  })
})
