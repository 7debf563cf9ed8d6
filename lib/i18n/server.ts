// The same as use-text.ts for server code that is not a component (actions, route handlers).
import { getTranslations } from 'next-intl/server'
import type { Translate } from './text'

export async function getTranslate(): Promise<Translate> {
  return (await getTranslations()) as unknown as Translate
}
