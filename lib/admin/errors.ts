// Refusals of the dashboard's use cases. Kept apart from the core's AuthError: these never reach a
// dialect, only the dashboard's own pages and actions. Each names its words by a catalogue key
// (lib/i18n/messages/<locale>/admin.json, `admin.errors.*`) and the values they need, translated
// where they are shown; `message` is the English, for logs and tests.
import type { Messages } from '../i18n/catalogues'
import type { Translate } from '../i18n/text'
import { translatorFor } from '../i18n/translator'

export type AdminErrorCode = 'not_found' | 'in_use' | 'taken' | 'protected' | 'self' | 'invalid'
export type AdminErrorKey = keyof Messages['admin']['errors']
export type MessageValues = Record<string, string | number>

let english: Translate | undefined

export class AdminError extends Error {
  readonly code: AdminErrorCode
  /** The catalogue key of the words, under `admin.errors`. */
  readonly key: AdminErrorKey
  readonly values: MessageValues
  constructor(code: AdminErrorCode, key: AdminErrorKey, values: MessageValues = {}) {
    super((english ??= translatorFor('en'))(`admin.errors.${key}`, values))
    this.name = 'AdminError'
    this.code = code
    this.key = key
    this.values = values
  }
}

export function isAdminError(e: unknown): e is AdminError {
  return e instanceof AdminError
}
