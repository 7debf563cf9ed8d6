// Aliyun SendSms against a local stand-in that checks each request the way Dysmsapi does:
// the signature recomputed from Aliyun's documented algorithm (coded here independently of
// aliyun.ts), the common and SendSms parameters, answering with Aliyun's real bodies.
import { afterEach, describe, expect, it } from 'vitest'
import { createHmac, randomUUID } from 'node:crypto'
import { aliyunSms, signRpc, percentEncode, type AliyunSmsSettings } from './aliyun'
import { ProviderError, setProviderForTests } from '..'
import { captureLogs, fakeApi, type Reply, type Seen } from '../testing'
import { db } from '../../db'
import { phone } from '../../../test/factories'
import { sendCode } from '../index'
import { consumeVerificationCode } from '../../core/codes'
import { AuthError } from '../../core/errors'

const KEY_ID = 'LTAI5tTestKeyId0001'
const SECRET = 'aliyun-secret-Zx9Qw7Er5Ty3Ui1Op'
const TEMPLATES = { register: 'SMS_100000001', login: 'SMS_100000002', bind: 'SMS_100000003', reset: 'SMS_100000004' }

// Aliyun's answers, as Dysmsapi sends them.
const OK = (): Reply => ({
  status: 200,
  body: JSON.stringify({ Message: 'OK', RequestId: randomUUID().toUpperCase(), Code: 'OK', BizId: '900619746936498440^0' }),
})
const LIMIT = (): Reply => ({
  status: 200,
  body: JSON.stringify({ Message: '触发分钟级流控Permits:1', RequestId: randomUUID().toUpperCase(), Code: 'isv.BUSINESS_LIMIT_CONTROL' }),
})

/** RFC 3986 as Aliyun's signature page states it: unreserved A-Z a-z 0-9 - _ . ~ stay, the rest %XX. */
function rfc3986(s: string): string {
  let out = ''
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte)
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** What Dysmsapi does with a request before it sends anything; null when the request passes. */
function dysmsapiCheck(req: Seen, secrets: Record<string, string>, nonces: Set<string>): Reply | null {
  const refuse = (status: number, Code: string, Message: string): Reply => ({
    status,
    body: JSON.stringify({ RequestId: randomUUID().toUpperCase(), HostId: 'dysmsapi.aliyuncs.com', Code, Message }),
  })
  if (req.method !== 'POST' || req.url !== '/') return refuse(404, 'InvalidAction.NotFound', 'Specified api is not found')
  if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return refuse(400, 'MissingParameter', 'form body expected')
  const p = Object.fromEntries(new URLSearchParams(req.body))
  for (const k of ['AccessKeyId', 'Action', 'Format', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp', 'Version', 'Signature'])
    if (!p[k]) return refuse(400, `MissingParameter`, `The input parameter "${k}" that is mandatory for processing this request is not supplied.`)
  if (p.Action !== 'SendSms' || p.Version !== '2017-05-25') return refuse(404, 'InvalidVersion', 'Specified parameter Version is not valid.')
  if (p.SignatureMethod !== 'HMAC-SHA1' || p.SignatureVersion !== '1.0') return refuse(400, 'InvalidSignatureMethod', 'bad signature method')
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(p.Timestamp) || Math.abs(Date.parse(p.Timestamp) - Date.now()) > 15 * 60_000)
    return refuse(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.')
  const secret = secrets[p.AccessKeyId]
  if (!secret) return refuse(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.')
  const { Signature, ...signed } = p
  const canonical = Object.keys(signed)
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(signed[k])}`)
    .join('&')
  const stringToSign = `POST&${rfc3986('/')}&${rfc3986(canonical)}`
  const expected = createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64')
  // Aliyun echoes its string to sign (which holds the TemplateParam, so the code) in this error.
  if (Signature !== expected)
    return refuse(400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`)
  if (nonces.has(p.SignatureNonce)) return refuse(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.')
  nonces.add(p.SignatureNonce)
  return null
}

async function dysmsapi(business: (p: Record<string, string>) => Reply, secrets: Record<string, string> = { [KEY_ID]: SECRET }) {
  const nonces = new Set<string>()
  return fakeApi((req) => dysmsapiCheck(req, secrets, nonces) ?? business(Object.fromEntries(new URLSearchParams(req.body))))
}

const settings = (endpoint: string, over: Partial<AliyunSmsSettings> = {}): AliyunSmsSettings => ({
  accessKeyId: KEY_ID,
  accessKeySecret: SECRET,
  signName: '阿里云短信测试',
  templates: TEMPLATES,
  codeParam: 'code',
  regionId: 'cn-hangzhou',
  endpoint,
  timeoutMs: 2000,
  ...over,
})

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  setProviderForTests('sms', undefined)
  while (closers.length) await closers.pop()!()
})
async function serve(...a: Parameters<typeof dysmsapi>) {
  const s = await dysmsapi(...a)
  closers.push(s.close)
  return s
}

describe('Aliyun signature version 1.0', () => {
  it("matches the worked example of Aliyun's signature documentation (DescribeRegions, testid/testsecret)", () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    }
    expect(signRpc('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=')
  })

  it('percent-encodes as RFC 3986 (what encodeURIComponent leaves alone too)', () => {
    expect(percentEncode("a b*c~d!'()+/:")).toBe('a%20b%2Ac~d%21%27%28%29%2B%2F%3A')
    expect(percentEncode('阿里')).toBe('%E9%98%BF%E9%87%8C')
  })
})

describe('Aliyun SendSms', () => {
  it('sends a signed request with the template of each purpose and the code as TemplateParam', async () => {
    const api = await serve(() => OK())
    const sms = aliyunSms(settings(api.url))
    const to = phone()
    for (const purpose of ['register', 'login', 'bind', 'reset'] as const) {
      const r = await sms.sendCode({ to, code: '123456', purpose, ttlMinutes: 5 })
      expect(r.providerCode).toBe('OK')
    }
    expect(api.seen).toHaveLength(4)
    const sent = api.seen.map((s) => Object.fromEntries(new URLSearchParams(s.body)))
    expect(sent.map((p) => p.TemplateCode)).toEqual(['SMS_100000001', 'SMS_100000002', 'SMS_100000003', 'SMS_100000004'])
    for (const p of sent) {
      expect(p.PhoneNumbers).toBe(to)
      expect(p.SignName).toBe('阿里云短信测试')
      expect(JSON.parse(p.TemplateParam)).toEqual({ code: '123456' })
      expect(p.Format).toBe('JSON')
      expect(p.RegionId).toBe('cn-hangzhou')
    }
    expect(new Set(sent.map((p) => p.SignatureNonce)).size).toBe(4)
  })

  it('writes an outbox row per send: masked phone, template, result, provider code, never the code', async () => {
    const api = await serve(() => OK())
    const to = '13812345678'
    await aliyunSms(settings(api.url)).sendCode({ to, code: '246810', purpose: 'login', ttlMinutes: 5 })
    const rows = await db().outboxMessage.findMany({ where: { provider: 'aliyun', recipient: '138****5678' } })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ channel: 'sms', purpose: 'login', result: 'sent', providerCode: 'OK', body: 'template SMS_100000002 [code hidden]' })
    expect(JSON.stringify(rows)).not.toContain('246810')
    expect(JSON.stringify(rows)).not.toContain(to)
  })

  it('a provider error code (isv.BUSINESS_LIMIT_CONTROL) is a ProviderError with that code, and a failed outbox row', async () => {
    const api = await serve(() => LIMIT())
    const to = phone()
    const err = await aliyunSms(settings(api.url))
      .sendCode({ to, code: '111222', purpose: 'register', ttlMinutes: 5 })
      .catch((e) => e)
    expect(err).toBeInstanceOf(ProviderError)
    expect(err).toMatchObject({ provider: 'aliyun', providerCode: 'isv.BUSINESS_LIMIT_CONTROL' })
    const row = await db().outboxMessage.findFirstOrThrow({ where: { provider: 'aliyun', recipient: `${to.slice(0, 3)}****${to.slice(-4)}` } })
    expect(row).toMatchObject({ result: 'failed', providerCode: 'isv.BUSINESS_LIMIT_CONTROL' })
  })

  it('a wrong secret fails the check of the stand-in (SignatureDoesNotMatch); neither secret nor code leak into the error or the log', async () => {
    const api = await serve(() => OK())
    const wrong = 'wrong-secret-Kj8Hg6Fd4Sa2'
    const { result, lines } = await captureLogs(() =>
      aliyunSms(settings(api.url, { accessKeySecret: wrong })).sendCode({ to: phone(), code: '975319', purpose: 'register', ttlMinutes: 5 }),
    )
    expect(result).toBeInstanceOf(ProviderError)
    const err = result as ProviderError
    expect(err.providerCode).toBe('SignatureDoesNotMatch')
    // The stand-in echoed its string to sign, as Aliyun does: it holds the code.
    expect(api.seen[0].body).toContain('975319')
    for (const text of [err.message, JSON.stringify(err), lines]) {
      expect(text).not.toContain(wrong)
      expect(text).not.toContain('975319')
    }
    expect(lines).toContain('SignatureDoesNotMatch')
  })

  it('an unknown access key id is refused with its code', async () => {
    const api = await serve(() => OK(), { OtherKey: SECRET })
    const err = await aliyunSms(settings(api.url))
      .sendCode({ to: phone(), code: '123456', purpose: 'login', ttlMinutes: 5 })
      .catch((e) => e)
    expect(err.providerCode).toBe('InvalidAccessKeyId.NotFound')
  })

  it('an HTTP error without a JSON body is http_<status>', async () => {
    const api = await fakeApi(() => ({ status: 503, body: '<html>Service Unavailable</html>', contentType: 'text/html' }))
    closers.push(api.close)
    const err = await aliyunSms(settings(api.url))
      .sendCode({ to: phone(), code: '123456', purpose: 'login', ttlMinutes: 5 })
      .catch((e) => e)
    expect(err).toMatchObject({ provider: 'aliyun', providerCode: 'http_503' })
  })

  it('gives up after the timeout: ProviderError "timeout", well before the server would answer', async () => {
    const api = await fakeApi(() => 'hang')
    closers.push(api.close)
    const started = Date.now()
    const err = await aliyunSms(settings(api.url, { timeoutMs: 300 }))
      .sendCode({ to: phone(), code: '123456', purpose: 'login', ttlMinutes: 5 })
      .catch((e) => e)
    expect(err).toMatchObject({ provider: 'aliyun', providerCode: 'timeout' })
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('a refused port is network_error', async () => {
    const api = await fakeApi(() => OK())
    await api.close()
    const err = await aliyunSms(settings(api.url))
      .sendCode({ to: phone(), code: '123456', purpose: 'login', ttlMinutes: 5 })
      .catch((e) => e)
    expect(err).toMatchObject({ provider: 'aliyun', providerCode: 'network_error' })
  })
})

describe('sendVerificationCode through Aliyun', () => {
  it('a refused send deletes the code, audits code.failed with the provider code, and the user may ask again at once', async () => {
    let refuse = true
    const api = await serve(() => (refuse ? LIMIT() : OK()))
    setProviderForTests('sms', aliyunSms(settings(api.url)))
    const target = phone()

    const err = await sendCode({ channel: 'sms', target, purpose: 'register', ip: '10.20.30.40' }).catch((e) => e)
    expect(err).toBeInstanceOf(AuthError)
    expect(err.kind).toBe('provider_failed')
    expect(err.detail).toMatchObject({ provider: 'aliyun', providerCode: 'isv.BUSINESS_LIMIT_CONTROL' })
    expect(await db().verificationCode.count({ where: { target } })).toBe(0)
    const audit = await db().auditEvent.findMany({ where: { kind: 'code.failed' } })
    expect(audit.some((a) => a.detail?.includes('isv.BUSINESS_LIMIT_CONTROL') && a.detail.includes('aliyun'))).toBe(true)

    refuse = false
    const sent = await sendCode({ channel: 'sms', target, purpose: 'register', ip: '10.20.30.40' })
    expect(sent.code).toBeUndefined() // a real provider never reveals the code
    const delivered = JSON.parse(Object.fromEntries(new URLSearchParams(api.seen.at(-1)!.body)).TemplateParam).code
    await consumeVerificationCode({ channel: 'sms', target, purpose: 'register', code: delivered })

    const rows = await db().outboxMessage.findMany({ where: { provider: 'aliyun', purpose: 'register' }, orderBy: { id: 'asc' } })
    const mine = rows.filter((r) => r.recipient === `${target.slice(0, 3)}****${target.slice(-4)}`)
    expect(mine.map((r) => [r.result, r.providerCode])).toEqual([
      ['failed', 'isv.BUSINESS_LIMIT_CONTROL'],
      ['sent', 'OK'],
    ])
    expect(JSON.stringify(mine)).not.toContain(delivered)
  })
})
