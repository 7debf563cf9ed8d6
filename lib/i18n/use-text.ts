// The translator of form messages for a component (client or server): `text` for a zod message or
// server answer, `formMessage` for an error kind.
import { useTranslations } from 'next-intl'
import { formMessage, type FormErrorKind } from '../auth/messages'
import { textOf, type Translate } from './text'

export function useText() {
  const t = useTranslations() as unknown as Translate
  return {
    text: (message: string | undefined) => textOf(t, message),
    formMessage: (kind: FormErrorKind | string | null | undefined, n?: number) => formMessage(t, kind, n),
  }
}
