// Readable names of the audit log's events, in the two languages the service speaks (zh-CN, en).
// One table keyed by event, ready to move into the pages' message catalogues (#24) when there are
// some; `satisfies Record<AuditKind, …>` makes a new event kind fail the compile until it is named.
import type { AuditKind } from './audit'

export type Lang = 'zh-CN' | 'en'

const LABELS = {
  'user.registered': { 'zh-CN': '用户注册', en: 'User registered' },
  'user.created': { 'zh-CN': '管理员创建用户', en: 'User created by an admin' },
  'user.updated': { 'zh-CN': '资料已修改', en: 'Profile changed' },
  'user.deleted': { 'zh-CN': '账号已删除', en: 'Account deleted' },
  'account.deleted': { 'zh-CN': '用户注销账号', en: 'Account deleted by its owner' },
  'user.disabled': { 'zh-CN': '账号已停用', en: 'Account disabled' },
  'user.enabled': { 'zh-CN': '账号已启用', en: 'Account enabled' },
  'signin.success': { 'zh-CN': '登录成功', en: 'Signed in' },
  'signin.failure': { 'zh-CN': '登录失败', en: 'Sign-in failed' },
  'code.sent': { 'zh-CN': '验证码已发送', en: 'Code sent' },
  'code.failed': { 'zh-CN': '验证码发送失败', en: 'Code not delivered' },
  'token.refreshed': { 'zh-CN': '令牌已刷新', en: 'Token refreshed' },
  'token.reuse_detected': { 'zh-CN': '发现刷新令牌被重复使用', en: 'Refresh token reused' },
  'session.revoked': { 'zh-CN': '会话已结束', en: 'Session ended' },
  'session.reauthenticated': { 'zh-CN': '已再次验证身份', en: 'Identity confirmed again' },
  'notice.sent': { 'zh-CN': '通知已发送', en: 'Notice sent' },
  'notice.failed': { 'zh-CN': '通知发送失败', en: 'Notice not delivered' },
  'password.changed': { 'zh-CN': '密码已修改', en: 'Password changed' },
  'password.reset': { 'zh-CN': '密码已重置', en: 'Password reset' },
  'contact.released': { 'zh-CN': '未验证的联系方式被他人验证', en: 'Unproved contact taken by another user' },
  'role.assigned': { 'zh-CN': '角色已授予', en: 'Role given' },
  'role.removed': { 'zh-CN': '角色已移除', en: 'Role removed' },
  'admin.action': { 'zh-CN': '管理操作', en: 'Admin action' },
  'users.imported': { 'zh-CN': '用户已从旧系统导入', en: 'Users imported from the old system' },
  'factor.enrolled': { 'zh-CN': '已添加两步验证方式', en: 'Second factor added' },
  'factor.removed': { 'zh-CN': '已移除两步验证方式', en: 'Second factor removed' },
  'factor.used': { 'zh-CN': '两步验证通过', en: 'Second factor used' },
  'factor.failed': { 'zh-CN': '两步验证失败', en: 'Second factor failed' },
  'factor.reset': { 'zh-CN': '管理员重置了两步验证', en: 'Second factors reset by an admin' },
  'recovery.generated': { 'zh-CN': '已生成恢复码', en: 'Recovery codes made' },
  'recovery.used': { 'zh-CN': '已使用恢复码', en: 'Recovery code used' },
  'oidc.token': { 'zh-CN': '应用获得令牌', en: 'Token issued to an app' },
  'oidc.consent': { 'zh-CN': '已授权应用', en: 'App authorised' },
  'oidc.consent_revoked': { 'zh-CN': '已撤销应用授权', en: 'App authorisation withdrawn' },
  'oidc.grant_revoked': { 'zh-CN': '应用授权已撤销', en: 'App grant revoked' },
} as const satisfies Record<AuditKind, Record<Lang, string>>

/** The event's name in `lang`; an unknown kind (an older row) shows as it is stored. */
export function auditLabel(kind: string, lang: Lang): string {
  return kind in LABELS ? LABELS[kind as AuditKind][lang] : kind
}

/** zh-CN or en from an Accept-Language header: the first of them by preference (q), en when neither. */
export function pickLang(acceptLanguage: string | null | undefined): Lang {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';')
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      )
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, i }
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN'
    if (tag === 'en' || tag.startsWith('en-')) return 'en'
  }
  return 'en'
}
