import type { CodePurpose, NoticeKind, OutgoingNotice } from '../core/messages'

const ACTION: Record<CodePurpose, string> = {
  register: '注册',
  login: '登录',
  bind: '绑定',
  reset: '重置密码',
}

/** The text of a verification message, the same for every provider that sends free text. */
export function codeText(code: string, purpose: CodePurpose, ttlMinutes: number): string {
  return `您的${ACTION[purpose]}验证码是 ${code}，${ttlMinutes} 分钟内有效。如非本人操作，请忽略。`
}

export function codeSubject(purpose: CodePurpose): string {
  return `${ACTION[purpose]}验证码`
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** The HTML body of a verification mail: the same words as codeText, the code set apart. */
export function codeHtml(code: string, purpose: CodePurpose, ttlMinutes: number): string {
  const action = escapeHtml(ACTION[purpose])
  return [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8"><title>' + escapeHtml(codeSubject(purpose)) + '</title></head>',
    '<body style="font-family:sans-serif;line-height:1.6">',
    `<p>您的${action}验证码是：</p>`,
    `<p style="font-size:24px;font-weight:bold;letter-spacing:4px">${escapeHtml(code)}</p>`,
    `<p>${ttlMinutes} 分钟内有效。如非本人操作，请忽略。</p>`,
    '</body></html>',
  ].join('\n')
}

/** What changed, in the words of a notice (Aliyun's ${what}, Tencent's {1}). */
export const NOTICE_WHAT: Record<NoticeKind, string> = {
  phone_changed: '绑定手机号',
  email_changed: '绑定邮箱',
  password_changed: '登录密码',
  factors_reset: '两步验证',
}

export const noticeSubject = (n: OutgoingNotice) => `账号安全提醒：${NOTICE_WHAT[n.kind]}已修改`

/** A security notice: what changed, the new contact only masked (the core masks it), never a code. */
export function noticeText(n: OutgoingNotice): string {
  const to = n.newContact ? `为 ${n.newContact}` : ''
  return `您的账号${NOTICE_WHAT[n.kind]}已修改${to}。如非本人操作，请立即修改密码并联系客服。`
}
