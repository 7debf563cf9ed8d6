import type { CodePurpose } from './types'

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
