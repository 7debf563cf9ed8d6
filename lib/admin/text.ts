// The words of a dashboard action's answer (lib/admin/action-state.ts): its message is a catalogue
// key with its values, turned into words where it is shown, in the page's language; a form
// message from the shared catalogues (`validation.*`, `errors.*`) gets the core's limits (textOf).
import { useTranslations } from 'next-intl'
import { textOf, type Translate } from '../i18n/text'
import type { AdminActionState } from './action-state'

function adminText(t: Translate, state: NonNullable<AdminActionState>): string {
  if (state.values && t.has(state.message)) return t(state.message, state.values)
  return textOf(t, state.message)
}

export function useAdminText(): (state: NonNullable<AdminActionState>) => string {
  const t = useTranslations() as unknown as Translate
  return (state) => adminText(t, state)
}
