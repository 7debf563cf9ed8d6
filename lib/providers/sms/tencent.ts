// Tencent Cloud SMS: SendSms of API 3.0, version 2021-01-11, signed with TC3-HMAC-SHA256 as
// Tencent's "Signature v3" page documents (its worked example is the test vector in
// tencent.test.ts):
//   CanonicalRequest = METHOD \n "/" \n "" \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
//   StringToSign     = "TC3-HMAC-SHA256" \n timestamp \n date/service/tc3_request \n hex(sha256(CanonicalRequest))
//   key              = HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request")
//   Authorization    = "TC3-HMAC-SHA256 Credential=" id/scope ", SignedHeaders=" ... ", Signature=" hex(HMAC(key, StringToSign))
// date is the UTC date of the timestamp. A failure is Response.Error.Code (AuthFailure..., also
// under HTTP 200) or a per-number SendStatusSet[].Code other than "Ok"
// (LimitExceeded.PhoneNumberDailyLimit...).
import { createHash, createHmac } from 'node:crypto'
import { boundedFetch, deliver, hiddenBody, parseJson } from '../record'
import { ProviderError, type CodePurpose, type MessageProvider, type OutgoingCode, type OutgoingNotice } from '../../core/messages'
import { NOTICE_WHAT } from '../texts'

export type TencentSmsSettings = {
  secretId: string
  secretKey: string
  sdkAppId: string
  signName: string
  templates: Record<CodePurpose, string>
  /** The security notice's template ({1} = what changed); unset: notices by SMS are not sent. */
  noticeTemplate?: string
  /** The template takes the minutes of validity as its second parameter: {1} code, {2} minutes. */
  templateWithTtl: boolean
  region: string
  endpoint: string
  timeoutMs: number
}

const TENCENT_SMS_VERSION = '2021-01-11'
const ALGORITHM = 'TC3-HMAC-SHA256'

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
const hmac = (key: string | Buffer, msg: string) => createHmac('sha256', key).update(msg, 'utf8').digest()

export type Tc3Input = {
  secretId: string
  secretKey: string
  service: string
  /** Every header to sign, by name: at least content-type and host. */
  headers: Record<string, string>
  payload: string
  timestamp: number
}

/** The Authorization header of a POST request to "/" of API 3.0. */
export function tc3Authorization(i: Tc3Input): string {
  const names = Object.keys(i.headers)
    .map((n) => n.toLowerCase())
    .sort()
  const lower = Object.fromEntries(Object.entries(i.headers).map(([k, v]) => [k.toLowerCase(), v]))
  const canonicalHeaders = names.map((n) => `${n}:${lower[n].trim().toLowerCase()}\n`).join('')
  const signedHeaders = names.join(';')
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256Hex(i.payload)].join('\n')
  const date = new Date(i.timestamp * 1000).toISOString().slice(0, 10)
  const scope = `${date}/${i.service}/tc3_request`
  const stringToSign = [ALGORITHM, String(i.timestamp), scope, sha256Hex(canonicalRequest)].join('\n')
  const key = hmac(hmac(hmac(`TC3${i.secretKey}`, date), i.service), 'tc3_request')
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex')
  return `${ALGORITHM} Credential=${i.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
}

/** E.164 as SendSms wants it: a mainland number gets +86. */
const e164 = (to: string) => (to.startsWith('+') ? to : `+86${to}`)

type TencentAnswer = {
  Response?: {
    Error?: { Code?: unknown; Message?: unknown }
    SendStatusSet?: { Code?: unknown; Message?: unknown }[]
  }
}

export function tencentSms(s: TencentSmsSettings): MessageProvider {
  const base = new URL(s.endpoint)
  const url = `${base.origin}/`
  /** One SendSms call; returns the send status's Code ("Ok") or throws ProviderError. */
  async function sendSms(to: string, template: string, templateParams: string[]): Promise<string> {
    const payload = JSON.stringify({
      PhoneNumberSet: [e164(to)],
      SmsSdkAppId: s.sdkAppId,
      SignName: s.signName,
      TemplateId: template,
      TemplateParamSet: templateParams,
    })
    const timestamp = Math.floor(Date.now() / 1000)
    // fetch sends Host from the URL (with a non-default port): sign exactly that. The action
    // is signed too, so a captured signature cannot be replayed against another action.
    const signed = { 'content-type': 'application/json; charset=utf-8', host: base.host, 'x-tc-action': 'SendSms' }
    const authorization = tc3Authorization({ secretId: s.secretId, secretKey: s.secretKey, service: 'sms', headers: signed, payload, timestamp })
    const answer = await boundedFetch(
      'tencent',
      url,
      {
        method: 'POST',
        headers: {
          authorization,
          'content-type': signed['content-type'],
          'x-tc-action': 'SendSms',
          'x-tc-version': TENCENT_SMS_VERSION,
          'x-tc-timestamp': String(timestamp),
          'x-tc-region': s.region,
        },
        body: payload,
      },
      s.timeoutMs,
    )
    const json = parseJson(answer.text) as TencentAnswer | null
    const r = json?.Response
    const fail = (code: string, message: string): never => {
      throw new ProviderError('tencent', code, `tencent SendSms refused: ${code}: ${message}`)
    }
    if (r?.Error && typeof r.Error.Code === 'string') fail(r.Error.Code, String(r.Error.Message ?? ''))
    if (answer.status < 200 || answer.status >= 300) fail(`http_${answer.status}`, `HTTP ${answer.status}`)
    const status = r?.SendStatusSet?.[0]
    if (!status || typeof status.Code !== 'string') return fail('bad_response', 'no SendStatusSet in the answer')
    if (status.Code !== 'Ok') fail(status.Code, String(status.Message ?? ''))
    return status.Code
  }
  return {
    name: 'tencent',
    channel: 'sms',
    revealsCodes: false,
    async sendCode(m: OutgoingCode) {
      const template = s.templates[m.purpose]
      return deliver(
        { channel: 'sms', provider: 'tencent', to: m.to, purpose: m.purpose, body: hiddenBody(`template ${template}`), secrets: [s.secretKey, m.code] },
        () => sendSms(m.to, template, s.templateWithTtl ? [m.code, String(m.ttlMinutes)] : [m.code]),
      )
    },
    async sendNotice(n: OutgoingNotice) {
      const template = s.noticeTemplate
      if (!template) throw new ProviderError('tencent', 'not_configured', 'tencent: TENCENT_SMS_TEMPLATE_NOTICE is not set')
      return deliver(
        { channel: 'sms', provider: 'tencent', to: n.to, purpose: 'notice', body: `template ${template} (${n.kind})`, secrets: [s.secretKey] },
        () => sendSms(n.to, template, [NOTICE_WHAT[n.kind]]),
      )
    },
  }
}
