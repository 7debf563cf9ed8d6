// The message catalogues, one JSON file per namespace and language (lib/i18n/messages/<locale>/).
// zh-CN is the source: its shape is the type every `t()` key is checked against (next-intl.d.ts),
// and catalogues.test.ts holds en to the same keys and placeholders.
import type { Locale } from './locales'
import zhAccount from './messages/zh-CN/account.json'
import zhAdmin from './messages/zh-CN/admin.json'
import zhAuth from './messages/zh-CN/auth.json'
import zhCommon from './messages/zh-CN/common.json'
import zhErrors from './messages/zh-CN/errors.json'
import zhHome from './messages/zh-CN/home.json'
import zhValidation from './messages/zh-CN/validation.json'
import enAccount from './messages/en/account.json'
import enAdmin from './messages/en/admin.json'
import enAuth from './messages/en/auth.json'
import enCommon from './messages/en/common.json'
import enErrors from './messages/en/errors.json'
import enHome from './messages/en/home.json'
import enValidation from './messages/en/validation.json'

const zhCN = { common: zhCommon, errors: zhErrors, validation: zhValidation, auth: zhAuth, account: zhAccount, admin: zhAdmin, home: zhHome }
export type Messages = typeof zhCN

export const catalogues: Record<Locale, Messages> = {
  'zh-CN': zhCN,
  en: { common: enCommon, errors: enErrors, validation: enValidation, auth: enAuth, account: enAccount, admin: enAdmin, home: enHome },
}
