'use server'
// Sign-in by SMS: sending the code. Signing in itself goes through next-auth (lib/auth/next-auth.ts).
import { sendCode } from '@/lib/providers'
import { runAction, type ActionResult } from '@/lib/auth/action'
import { currentRequestMeta } from '@/lib/auth/request'
import { requireCaptcha } from '@/lib/auth/captcha'
import { CODE_RESEND_AFTER_SECONDS } from '@/lib/core/rules'
import { sendSignInCodeSchema } from './schema'

/**
 * Sent to any valid number, registered or not: refusing unknown numbers here would tell anyone
 * which numbers have accounts. An unknown number's code then fails like a wrong code.
 */
export async function sendSignInCode(input: unknown): Promise<ActionResult<{ resendAfter: number }>> {
  return runAction(sendSignInCodeSchema, input, { code_still_live: 'phone', code_daily_limit: 'phone', provider_failed: 'phone' }, async (v) => {
    const { ip } = await currentRequestMeta()
    await requireCaptcha({ target: v.phone, ip, payload: v.altcha })
    await sendCode({ channel: 'sms', target: v.phone, purpose: 'login', ip, client: 'browser', resendAfterSeconds: CODE_RESEND_AFTER_SECONDS })
    return { resendAfter: CODE_RESEND_AFTER_SECONDS }
  })
}
