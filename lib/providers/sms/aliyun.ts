// Aliyun SMS: SendSms of Dysmsapi 2017-05-25, an RPC-style API signed with Aliyun's signature
// version 1.0 (HMAC-SHA1), as Aliyun's own Node SDK does it (aliyun/openapi-core-nodejs-sdk,
// lib/rpc.js) and as the "RPC 签名机制" page documents:
//   canonical  = sorted by name: percentEncode(name) "=" percentEncode(value), joined by "&"
//   toSign     = METHOD "&" percentEncode("/") "&" percentEncode(canonical)
//   Signature  = base64(HMAC-SHA1(AccessKeySecret + "&", toSign))
// percentEncode is RFC 3986: encodeURIComponent plus ! ' ( ) * escaped. Success is Code "OK";
// any other Code (isv.BUSINESS_LIMIT_CONTROL, SignatureDoesNotMatch...) is a ProviderError.
import { createHmac, randomUUID } from 'node:crypto'
import { boundedFetch, deliver, hiddenBody, parseJson } from '../record'
import { ProviderError, type CodePurpose, type MessageProvider, type OutgoingCode, type OutgoingNotice } from '../../core/messages'
import { NOTICE_WHAT } from '../texts'

export type AliyunSmsSettings = {
  accessKeyId: string
  accessKeySecret: string
  signName: string
  templates: Record<CodePurpose, string>
  /** The security notice's template (${what} = what changed); unset: notices by SMS are not sent. */
  noticeTemplate?: string
  /** The template's variable that receives the code: ${code} in the usual template. */
  codeParam: string
  regionId: string
  endpoint: string
  timeoutMs: number
}

const ALIYUN_SMS_VERSION = '2017-05-25'

export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** The canonicalized query string: parameters sorted by name, each name and value encoded. */
function canonicalize(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join('&')
}

/** Signature version 1.0 of the given parameters (Signature itself not among them). */
export function signRpc(method: 'GET' | 'POST', params: Record<string, string>, accessKeySecret: string): string {
  const toSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalize(params))}`
  return createHmac('sha1', `${accessKeySecret}&`).update(toSign, 'utf8').digest('base64')
}

/** ISO 8601 UTC without milliseconds, the form Aliyun's SDKs send: 2016-02-23T12:46:24Z. */
const rpcTimestamp = (d = new Date()) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

export function aliyunSms(s: AliyunSmsSettings): MessageProvider {
  const url = `${s.endpoint.replace(/\/+$/, '')}/`
  /** One SendSms call; returns Aliyun's Code ("OK") or throws ProviderError. */
  async function sendSms(to: string, template: string, templateParam: Record<string, string>): Promise<string> {
    const params: Record<string, string> = {
      AccessKeyId: s.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: to,
      RegionId: s.regionId,
      SignName: s.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: template,
      TemplateParam: JSON.stringify(templateParam),
      Timestamp: rpcTimestamp(),
      Version: ALIYUN_SMS_VERSION,
    }
    // POST keeps the code out of URLs that proxies log; the body is the signed query.
    const body = `${canonicalize(params)}&Signature=${percentEncode(signRpc('POST', params, s.accessKeySecret))}`
    const answer = await boundedFetch(
      'aliyun',
      url,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body },
      s.timeoutMs,
    )
    const json = parseJson(answer.text) as { Code?: unknown; Message?: unknown } | null
    const code = typeof json?.Code === 'string' ? json.Code : null
    if (code === 'OK' && answer.status >= 200 && answer.status < 300) return code
    const providerCode = code ?? (answer.status >= 200 && answer.status < 300 ? 'bad_response' : `http_${answer.status}`)
    const message = typeof json?.Message === 'string' ? json.Message : `HTTP ${answer.status}`
    throw new ProviderError('aliyun', providerCode, `aliyun SendSms refused: ${providerCode}: ${message}`)
  }
  return {
    name: 'aliyun',
    channel: 'sms',
    revealsCodes: false,
    async sendCode(m: OutgoingCode) {
      const template = s.templates[m.purpose]
      return deliver(
        { channel: 'sms', provider: 'aliyun', to: m.to, purpose: m.purpose, body: hiddenBody(`template ${template}`), secrets: [s.accessKeySecret, m.code] },
        () => sendSms(m.to, template, { [s.codeParam]: m.code }),
      )
    },
    async sendNotice(n: OutgoingNotice) {
      const template = s.noticeTemplate
      if (!template) throw new ProviderError('aliyun', 'not_configured', 'aliyun: ALIYUN_SMS_TEMPLATE_NOTICE is not set')
      return deliver(
        { channel: 'sms', provider: 'aliyun', to: n.to, purpose: 'notice', body: `template ${template} (${n.kind})`, secrets: [s.accessKeySecret] },
        () => sendSms(n.to, template, { what: NOTICE_WHAT[n.kind] }),
      )
    },
  }
}
