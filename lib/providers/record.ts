// What every real provider shares: the outbox row of each send (the admin outbox lists every
// message, SPEC §7), the masked recipient, the bounded HTTP call, and scrubbing secrets out of
// whatever a provider or the network says before it reaches an error or a log line.
import { db } from '../db'
import { log } from '../log'
import { maskRecipient, ProviderError, type CodePurpose } from '../core/messages'

/** Replaces every secret (and the code) in a text with [redacted]; keeps it short. */
function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]')
  return out.length > 300 ? `${out.slice(0, 300)}…` : out
}

export type SendRecord = {
  channel: 'sms' | 'mail'
  provider: string
  to: string
  purpose: CodePurpose | 'notice'
  subject?: string | null
  /** Never the code: a template id or subject and "[code hidden]". */
  body: string
  result: 'sent' | 'failed'
  providerCode: string
}

/**
 * Writes the outbox row of one real send. A failing write is logged, not thrown: the message
 * has already gone (or failed) at the provider, and the caller's answer must say what happened
 * there, not what happened to our bookkeeping.
 */
async function recordSend(r: SendRecord): Promise<void> {
  try {
    await db().outboxMessage.create({
      data: {
        channel: r.channel,
        provider: r.provider,
        recipient: maskRecipient(r.to),
        purpose: r.purpose,
        subject: r.subject ?? null,
        body: r.body,
        result: r.result,
        providerCode: r.providerCode,
      },
    })
  } catch (e) {
    log.error('outbox write failed', { provider: r.provider, channel: r.channel, error: (e as Error).message })
  }
}

/** The body stored for a real send: enough to tell messages apart, never the code. */
export const hiddenBody = (what: string) => `${what} [code hidden]`

export type HttpAnswer = { status: number; text: string }

/**
 * One HTTP call to a provider, bounded by `timeoutMs` (connect, headers and body). Network
 * failures and the timeout become ProviderError codes `timeout` / `network_error`; the answer
 * (any status) is returned for the provider to read its own error codes from.
 */
export async function boundedFetch(
  provider: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
  timeoutMs: number,
): Promise<HttpAnswer> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' })
    return { status: res.status, text: await res.text() }
  } catch (e) {
    const name = (e as Error)?.name
    if (name === 'TimeoutError' || name === 'AbortError') throw new ProviderError(provider, 'timeout', `${provider}: no answer within ${timeoutMs} ms`)
    // The cause's own text may carry the URL; only its code is kept.
    const cause = (e as { cause?: { code?: string } }).cause?.code
    throw new ProviderError(provider, 'network_error', `${provider}: request failed${cause ? ` (${cause})` : ''}`)
  }
}

/** Parses a provider's JSON answer; null when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/**
 * Runs one real send and records it: the outbox row (sent or failed, with the provider's code),
 * a log line on failure, and a ProviderError whose message has every secret scrubbed out. The
 * core (sendVerificationCode) turns the ProviderError into the "send failed" answer, refunds the
 * limits and writes the `code.failed` audit row.
 */
export async function deliver(
  what: Omit<SendRecord, 'result' | 'providerCode'> & { secrets: readonly (string | undefined)[] },
  send: () => Promise<string>,
): Promise<{ providerCode: string }> {
  const { secrets, ...row } = what
  let providerCode: string
  try {
    providerCode = await send()
  } catch (e) {
    const code = e instanceof ProviderError ? e.providerCode : 'exception'
    const message = scrub(e instanceof Error ? e.message : String(e), secrets)
    await recordSend({ ...row, result: 'failed', providerCode: code })
    log.warn('provider send failed', {
      provider: row.provider,
      channel: row.channel,
      to: maskRecipient(row.to),
      purpose: row.purpose,
      providerCode: code,
      error: message,
    })
    throw new ProviderError(row.provider, code, message)
  }
  await recordSend({ ...row, result: 'sent', providerCode })
  log.info('provider send ok', { provider: row.provider, channel: row.channel, to: maskRecipient(row.to), purpose: row.purpose, providerCode })
  return { providerCode }
}
