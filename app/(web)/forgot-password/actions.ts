'use server'
// 忘记密码: a reset code to the user's own proved phone or email, then a new password with it
// (lib/core/users.ts resetPasswordWithCode: every session ends, the user is told).
import { runAction, type ActionResult } from '@/lib/auth/action'
import { requireCaptcha } from '@/lib/auth/captcha'
import { currentRequestMeta } from '@/lib/auth/request'
import { AuthError, isAuthError } from '@/lib/core/errors'
import { CODE_RESEND_AFTER_SECONDS } from '@/lib/core/rules'
import { findUserByVerifiedContact, resetPasswordWithCode } from '@/lib/core/users'
import { providerFor, sendCode } from '@/lib/providers'
import { resetPasswordSchema, sendResetCodeSchema } from './schema'

/**
 * The same answer whether or not the phone or email has an account, so the form tells nobody who
 * is registered: a code goes out only to a contact a user has proved.
 */
export async function sendResetCode(input: unknown): Promise<ActionResult<{ resendAfter: number }>> {
  return runAction(sendResetCodeSchema, input, { code_still_live: 'target', code_daily_limit: 'target', provider_failed: 'target' }, async (v) => {
    const { ip } = await currentRequestMeta()
    await requireCaptcha({ target: v.target, ip, payload: v.altcha })
    if (await findUserByVerifiedContact(v.channel, v.target)) {
      await sendCode({ channel: v.channel, target: v.target, purpose: 'reset', ip, client: 'browser', resendAfterSeconds: CODE_RESEND_AFTER_SECONDS })
    }
    return { resendAfter: CODE_RESEND_AFTER_SECONDS }
  })
}

export async function resetWithCode(input: unknown): Promise<ActionResult> {
  return runAction(resetPasswordSchema, input, { code_invalid: 'code', password_too_short: 'password', password_too_common: 'password' }, async (v) => {
    const { ip } = await currentRequestMeta()
    try {
      await resetPasswordWithCode(
        { channel: v.channel, target: v.target, code: v.code, password: v.password },
        { ip, client: 'browser', providers: providerFor },
      )
    } catch (e) {
      // A valid code for a contact nobody holds any more: as a wrong code, telling nothing more.
      if (isAuthError(e, 'user_not_found')) throw new AuthError('code_invalid')
      throw e
    }
    return {}
  })
}
