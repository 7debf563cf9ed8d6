// Tencent Cloud SendSms against a local stand-in that checks each request the way API 3.0 does:
// TC3-HMAC-SHA256 recomputed from the documented steps (coded here independently of tencent.ts)
// over the headers the request names in SignedHeaders, the common headers, the SendSms
// parameters; answering with Tencent's real bodies.
import { afterEach, describe, expect, it } from 'vitest'
import { createHash, createHmac, randomUUID } from 'node:crypto'
import { tc3Authorization, tencentSms, type TencentSmsSettings } from './tencent'
import { ProviderError, setProviderForTests } from '..'
import { captureLogs, fakeApi, type Reply, type Seen } from '../testing'
import { db } from '../../db'
import { phone } from '../../../test/factories'
import { sendCode } from '../index'
import { consumeVerificationCode } from '../../core/codes'

const SECRET_ID = 'AKIDtestSecretId0123456789'
const SECRET_KEY = 'tencent-secret-Lm5Nb3Vc1Xz9'
const TEMPLATES = { register: '1000001', login: '1000002', bind: '1000003', reset: '1000004' }

const respond = (Response: Record<string, unknown>): Reply => ({
  status: 200,
  body: JSON.stringify({ Response: { ...Response, RequestId: randomUUID() } }),
})
// Tencent's answers, as the SendSms page shows them.
const status = (PhoneNumber: string, Code: string, Message: string) => ({
  SerialNo: Code === 'Ok' ? '5000:1045710669157053657849499619' : '',
  PhoneNumber,
  Fee: Code === 'Ok' ? 1 : 0,
  SessionContext: '',
  Code,
  Message,
  IsoCode: 'CN',
})
const OK = (p: SendSmsBody) => respond({ SendStatusSet: [status(p.PhoneNumberSet[0], 'Ok', 'send success')] })
const DAILY_LIMIT = (p: SendSmsBody) =>
  respond({
    SendStatusSet: [
      status(
        p.PhoneNumberSet[0],
        'LimitExceeded.PhoneNumberDailyLimit',
        'the number of sms messages sent from a single mobile number every day exceeds the upper limit',
      ),
    ],
  })
const error = (Code: string, Message: string) => respond({ Error: { Code, Message } })

type SendSmsBody = { PhoneNumberSet: string[]; SmsSdkAppId: string; SignName: string; TemplateId: string; TemplateParamSet: string[] }

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const hmac = (k: string | Buffer, m: string) => createHmac('sha256', k).update(m).digest()

/** What API 3.0 does before the action runs; null when the request passes. */
function apiCheck(req: Seen, keys: Record<string, string>): Reply | null {
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
    String(req.headers.authorization ?? ''),
  )
  if (!m) return error('AuthFailure.InvalidAuthorization', 'Authorization 不符合腾讯云标准')
  const [, id, date, service, signedHeaders, signature] = m
  const key = keys[id]
  if (!key) return error('AuthFailure.SecretIdNotFound', 'The SecretId is not found, please ensure that your SecretId is correct.')
  const ts = Number(req.headers['x-tc-timestamp'])
  if (!Number.isInteger(ts) || Math.abs(ts - Date.now() / 1000) > 300) return error('AuthFailure.SignatureExpire', 'Signature expired.')
  if (new Date(ts * 1000).toISOString().slice(0, 10) !== date || service !== 'sms')
    return error('AuthFailure.InvalidAuthorization', 'credential scope does not match')
  const names = signedHeaders.split(';')
  if (!names.includes('content-type') || !names.includes('host') || [...names].sort().join(';') !== signedHeaders)
    return error('AuthFailure.InvalidAuthorization', 'content-type and host must be signed')
  // The headers as received, lower-cased and trimmed, in the order SignedHeaders gives.
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? '')
          .trim()
          .toLowerCase()}\n`,
    )
    .join('')
  const canonicalRequest = `${req.method}\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${sha256(req.body)}`
  const stringToSign = `TC3-HMAC-SHA256\n${ts}\n${date}/${service}/tc3_request\n${sha256(canonicalRequest)}`
  const signingKey = hmac(hmac(hmac(`TC3${key}`, date), service), 'tc3_request')
  if (createHmac('sha256', signingKey).update(stringToSign).digest('hex') !== signature)
    return error('AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.')
  if (req.headers['x-tc-action'] !== 'SendSms') return error('InvalidAction', 'The action is invalid.')
  if (req.headers['x-tc-version'] !== '2021-01-11') return error('NoSuchVersion', 'The version is invalid.')
  if (req.headers['x-tc-region'] !== 'ap-guangzhou') return error('InvalidParameterValue', 'region')
  if (req.method !== 'POST' || req.url !== '/' || req.headers['content-type'] !== 'application/json; charset=utf-8')
    return error('InvalidParameter', 'POST application/json expected')
  return null
}

async function tencentApi(business: (p: SendSmsBody) => Reply, keys: Record<string, string> = { [SECRET_ID]: SECRET_KEY }) {
  return fakeApi((req) => apiCheck(req, keys) ?? business(JSON.parse(req.body) as SendSmsBody))
}

const settings = (endpoint: string, over: Partial<TencentSmsSettings> = {}): TencentSmsSettings => ({
  secretId: SECRET_ID,
  secretKey: SECRET_KEY,
  sdkAppId: '1400006666',
  signName: '腾讯云',
  templates: TEMPLATES,
  templateWithTtl: false,
  region: 'ap-guangzhou',
  endpoint,
  timeoutMs: 2000,
  ...over,
})

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  setProviderForTests('sms', undefined)
  while (closers.length) await closers.pop()!()
})
async function serve(...a: Parameters<typeof tencentApi>) {
  const s = await tencentApi(...a)
  closers.push(s.close)
  return s
}
const masked = (p: string) => `${p.slice(0, 3)}****${p.slice(-4)}`

describe('TC3-HMAC-SHA256', () => {
  it("matches the worked example of Tencent's Signature v3 page (CVM DescribeInstances, 1551113065)", () => {
    const authorization = tc3Authorization({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      headers: { 'Content-Type': 'application/json; charset=utf-8', Host: 'cvm.tencentcloudapi.com' },
      payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
      timestamp: 1551113065,
    })
    expect(authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    )
  })
})

describe('Tencent Cloud SendSms', () => {
  it('sends a signed request with the template of each purpose, the E.164 number and the code', async () => {
    const api = await serve(OK)
    const sms = tencentSms(settings(api.url))
    const to = phone()
    for (const purpose of ['register', 'login', 'bind', 'reset'] as const) {
      expect((await sms.sendCode({ to, code: '123456', purpose, ttlMinutes: 5 })).providerCode).toBe('Ok')
    }
    const bodies = api.seen.map((s) => JSON.parse(s.body) as SendSmsBody)
    expect(bodies.map((b) => b.TemplateId)).toEqual(['1000001', '1000002', '1000003', '1000004'])
    for (const b of bodies)
      expect(b).toEqual({ PhoneNumberSet: [`+86${to}`], SmsSdkAppId: '1400006666', SignName: '腾讯云', TemplateId: b.TemplateId, TemplateParamSet: ['123456'] })
  })

  it('passes the minutes of validity as the second template parameter when the template asks for it', async () => {
    const api = await serve(OK)
    await tencentSms(settings(api.url, { templateWithTtl: true })).sendCode({ to: phone(), code: '654321', purpose: 'login', ttlMinutes: 5 })
    expect(JSON.parse(api.seen[0].body).TemplateParamSet).toEqual(['654321', '5'])
  })

  it('writes an outbox row per send without the code', async () => {
    const api = await serve(OK)
    const to = phone()
    await tencentSms(settings(api.url)).sendCode({ to, code: '864209', purpose: 'bind', ttlMinutes: 5 })
    const rows = await db().outboxMessage.findMany({ where: { provider: 'tencent', recipient: masked(to) } })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ channel: 'sms', purpose: 'bind', result: 'sent', providerCode: 'Ok', body: 'template 1000003 [code hidden]' })
    expect(JSON.stringify(rows)).not.toContain('864209')
  })

  it('a per-number failure (LimitExceeded.PhoneNumberDailyLimit) is a ProviderError with that code', async () => {
    const api = await serve(DAILY_LIMIT)
    const to = phone()
    const err = await tencentSms(settings(api.url))
      .sendCode({ to, code: '123456', purpose: 'login', ttlMinutes: 5 })
      .catch((e) => e)
    expect(err).toBeInstanceOf(ProviderError)
    expect(err).toMatchObject({ provider: 'tencent', providerCode: 'LimitExceeded.PhoneNumberDailyLimit' })
    const row = await db().outboxMessage.findFirstOrThrow({ where: { provider: 'tencent', recipient: masked(to) } })
    expect(row).toMatchObject({ result: 'failed', providerCode: 'LimitExceeded.PhoneNumberDailyLimit' })
  })

  it('Response.Error (here from a wrong secret key) is a ProviderError; the key and the code stay out of the error and the log', async () => {
    const api = await serve(OK)
    const wrong = 'wrong-key-Qa1Ws2Ed3Rf4'
    const { result, lines } = await captureLogs(() =>
      tencentSms(settings(api.url, { secretKey: wrong })).sendCode({ to: phone(), code: '192837', purpose: 'register', ttlMinutes: 5 }),
    )
    const err = result as ProviderError
    expect(err).toBeInstanceOf(ProviderError)
    expect(err.providerCode).toBe('AuthFailure.SignatureFailure')
    for (const text of [err.message, JSON.stringify(err), lines]) {
      expect(text).not.toContain(wrong)
      expect(text).not.toContain(SECRET_KEY)
      expect(text).not.toContain('192837')
    }
    expect(lines).toContain('AuthFailure.SignatureFailure')
  })

  it('an unknown secret id is AuthFailure.SecretIdNotFound', async () => {
    const api = await serve(OK, { AKIDsomeoneElse: SECRET_KEY })
    const err = await tencentSms(settings(api.url))
      .sendCode({ to: phone(), code: '123456', purpose: 'login', ttlMinutes: 5 })
      .catch((e) => e)
    expect(err.providerCode).toBe('AuthFailure.SecretIdNotFound')
  })

  it('an HTTP error without a Tencent body is http_<status>', async () => {
    const api = await fakeApi(() => ({ status: 502, body: 'Bad Gateway', contentType: 'text/plain' }))
    closers.push(api.close)
    const err = await tencentSms(settings(api.url))
      .sendCode({ to: phone(), code: '123456', purpose: 'login', ttlMinutes: 5 })
      .catch((e) => e)
    expect(err).toMatchObject({ provider: 'tencent', providerCode: 'http_502' })
  })

  it('gives up after the timeout', async () => {
    const api = await fakeApi(() => 'hang')
    closers.push(api.close)
    const started = Date.now()
    const err = await tencentSms(settings(api.url, { timeoutMs: 300 }))
      .sendCode({ to: phone(), code: '123456', purpose: 'login', ttlMinutes: 5 })
      .catch((e) => e)
    expect(err).toMatchObject({ provider: 'tencent', providerCode: 'timeout' })
    expect(Date.now() - started).toBeLessThan(3000)
  })
})

describe('sendVerificationCode through Tencent Cloud', () => {
  it('a per-number refusal is not counted as sent; the next send goes through and its code works', async () => {
    let refuse = true
    const api = await serve((p) => (refuse ? DAILY_LIMIT(p) : OK(p)))
    setProviderForTests('sms', tencentSms(settings(api.url)))
    const target = phone()
    const err = await sendCode({ channel: 'sms', target, purpose: 'login' }).catch((e) => e)
    expect(err.kind).toBe('provider_failed')
    expect(err.detail).toMatchObject({ provider: 'tencent', providerCode: 'LimitExceeded.PhoneNumberDailyLimit' })
    expect(await db().verificationCode.count({ where: { target } })).toBe(0)
    const audit = await db().auditEvent.findMany({ where: { kind: 'code.failed' } })
    expect(audit.some((a) => a.detail?.includes('LimitExceeded.PhoneNumberDailyLimit'))).toBe(true)

    refuse = false
    const sent = await sendCode({ channel: 'sms', target, purpose: 'login' })
    expect(sent.code).toBeUndefined()
    const delivered = (JSON.parse(api.seen.at(-1)!.body) as SendSmsBody).TemplateParamSet[0]
    await consumeVerificationCode({ channel: 'sms', target, purpose: 'login', code: delivered })
  })
})
