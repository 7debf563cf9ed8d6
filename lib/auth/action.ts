// The shape every browser server action answers with, and the one place that turns a thrown
// AuthError or a failed parse into it. Messages come from lib/auth/messages.ts, in the request's language; the form puts
// them on the field named here.
import type { z } from 'zod'
import { isAuthError } from '../core/errors'
import { log, errorFields } from '../log'
import { getTranslate } from '../i18n/server'
import { textOf } from '../i18n/text'
import { formError, formMessage, type FormErrorKind } from './messages'
import { ReauthRequired, type ReauthMethod } from './reauth'
import { CaptchaRequired } from './captcha'
import type { CodeFailure } from '../core/codes'

type ActionFailure = {
  ok: false
  kind: FormErrorKind
  message: string
  field?: string
  retryAfter?: number
  /** kind code_invalid: what happened to the code (lib/core/codes.ts), for the form's "send a new code". */
  reason?: CodeFailure
  /** kind reauth_required: what the form asks for, and where a code goes (masked). */
  reauth?: { method: ReauthMethod; to?: string }
}
export type ActionResult<T extends object = object> = ({ ok: true } & T) | ActionFailure

export type FieldsByKind = Partial<Record<FormErrorKind, string>>

/** Parses `input` with the form's schema, runs `fn`, and maps failures to an ActionFailure. */
export async function runAction<S extends z.ZodType, T extends object>(
  schema: S,
  input: unknown,
  fields: FieldsByKind,
  fn: (data: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    const t = await getTranslate()
    const issue = parsed.error.issues[0]
    return {
      ok: false,
      kind: 'invalid_input',
      message: issue ? textOf(t, issue.message) : formMessage(t, 'invalid_input'),
      field: issue?.path.join('.') || undefined,
    }
  }
  try {
    return { ok: true, ...(await fn(parsed.data)) }
  } catch (e) {
    // Only a refusal needs words; a successful action never looks the translator up.
    const t = await getTranslate()
    if (e instanceof ReauthRequired) {
      const kind = e.failed ? (e.method === 'password' ? 'wrong_password' : 'code_invalid') : 'reauth_required'
      const message = e.failed
        ? e.method === 'password'
          ? t('errors.reauth_wrong_password')
          : formMessage(t, 'code_invalid')
        : formMessage(t, 'reauth_required')
      return { ok: false, kind, message, field: 'reauth', reauth: { method: e.method, ...(e.to ? { to: e.to } : {}) } }
    }
    // The form shows the captcha widget (field `captcha`) and sends its payload with the next try.
    if (e instanceof CaptchaRequired) return { ok: false, kind: 'captcha_required', message: formMessage(t, 'captcha_required'), field: 'captcha' }
    if (isAuthError(e)) {
      const { kind, n, reason } = formError(e)
      const retryAfter = typeof e.detail.retryAfter === 'number' ? e.detail.retryAfter : undefined
      return { ok: false, kind, message: formMessage(t, kind, n, reason), field: fields[kind], retryAfter, ...(reason ? { reason } : {}) }
    }
    // Next's redirect() and notFound() work by throwing: let them through.
    if (e && typeof e === 'object' && 'digest' in e) throw e
    log.error('browser action failed', errorFields(e))
    return { ok: false, kind: 'unexpected', message: formMessage(t, 'unexpected') }
  }
}
