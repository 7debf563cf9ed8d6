// Turning what a form holds into words: a zod message or server answer is a catalogue key (e.g.
// `validation.phone_invalid`, `errors.rate_limited_wait`), translated where it is shown, with the
// core's rule values (lib/core/rules.ts) as its placeholders. Works with next-intl's translator on
// both sides: useTranslations() in a component, getTranslations() in a server action.
import { CODE_LENGTH, NAME_WIDTH_MAX, NAME_WIDTH_MIN, PASSWORD_MAX, PASSWORD_MIN } from '../core/rules'

/** next-intl's root translator, seen without its key types (the keys here are built at run time). */
export type Translate = {
  (key: string, values?: Record<string, string | number>): string
  has(key: string): boolean
}

/** Placeholders every message may use: the core's limits, so a catalogue never restates a number. */
const RULE_VALUES = {
  passwordMin: PASSWORD_MIN,
  passwordMax: PASSWORD_MAX,
  codeLength: CODE_LENGTH,
  nameMin: NAME_WIDTH_MIN * 2,
  nameMax: NAME_WIDTH_MAX * 2,
  nameMinCjk: NAME_WIDTH_MIN,
  nameMaxCjk: NAME_WIDTH_MAX,
} as const

/** The words for a message: a catalogue key is translated; anything else (already words) is kept. */
export function textOf(t: Translate, message: string): string
export function textOf(t: Translate, message: string | undefined): string | undefined
export function textOf(t: Translate, message: string | undefined): string | undefined {
  if (!message) return message
  return t.has(message) ? t(message, RULE_VALUES) : message
}
