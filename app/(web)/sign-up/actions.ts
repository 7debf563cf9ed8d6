'use server'
// Sign-up, first step: send a code to the phone (or email) the account will have.
import { sendCode } from '@/lib/providers'
import { assertAvailable } from '@/lib/core/users'
import { runAction, type ActionResult } from '@/lib/auth/action'
import { currentRequestMeta } from '@/lib/auth/request'
import { requireCaptcha } from '@/lib/auth/captcha'
import { CODE_RESEND_AFTER_SECONDS } from '@/lib/core/rules'
import { sendSignUpCodeSchema } from './schema'

const FIELDS = { phone_taken: 'target', email_taken: 'target', code_still_live: 'target', code_daily_limit: 'target', provider_failed: 'target' } as const

export async function sendSignUpCode(input: unknown): Promise<ActionResult<{ channel: 'sms' | 'mail'; target: string; resendAfter: number }>> {
  return runAction(sendSignUpCodeSchema, input, FIELDS, async (v) => {
    // Registering says whether a number is taken anyway (ThinkSNS+ /verifycodes/register does too,
    // reference §1); saying it before the SMS saves the person a code.
    // Someone holding it unproved does not count: the code takes it from them (#21 item 7).
    await assertAvailable(v.channel === 'sms' ? { phone: v.target } : { email: v.target }, { claim: v.channel === 'sms' ? 'phone' : 'email' })
    const { ip } = await currentRequestMeta()
    await requireCaptcha({ target: v.target, ip, payload: v.altcha })
    await sendCode({ channel: v.channel, target: v.target, purpose: 'register', ip, client: 'browser', resendAfterSeconds: CODE_RESEND_AFTER_SECONDS })
    return { channel: v.channel, target: v.target, resendAfter: CODE_RESEND_AFTER_SECONDS }
  })
}
