'use server'
// Sign-up, second step: check the code (without spending it: createUser spends it atomically when
// the account is made, so a taken name does not cost the person their code), or send a new one.
import { checkVerificationCode } from '@/lib/core/codes'
import { sendCode } from '@/lib/providers'
import { runAction, type ActionResult } from '@/lib/auth/action'
import { currentRequestMeta } from '@/lib/auth/request'
import { requireCaptcha } from '@/lib/auth/captcha'
import { CODE_RESEND_AFTER_SECONDS } from '@/lib/core/rules'
import { checkCodeSchema, resendCodeSchema } from './schema'

export async function checkSignUpCode(input: unknown): Promise<ActionResult> {
  return runAction(checkCodeSchema, input, { code_invalid: 'code' }, async (v) => {
    await checkVerificationCode({ channel: v.channel, target: v.target, purpose: 'register', code: v.code })
    return {}
  })
}

export async function resendSignUpCode(input: unknown): Promise<ActionResult<{ resendAfter: number }>> {
  return runAction(resendCodeSchema, input, {}, async (v) => {
    const { ip } = await currentRequestMeta()
    await requireCaptcha({ target: v.target, ip, payload: v.altcha })
    await sendCode({ channel: v.channel, target: v.target, purpose: 'register', ip, client: 'browser', resendAfterSeconds: CODE_RESEND_AFTER_SECONDS })
    return { resendAfter: CODE_RESEND_AFTER_SECONDS }
  })
}
