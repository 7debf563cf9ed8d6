// The browser pages' captcha before a code send (#21 item 5, lib/core/captcha.ts): the send-code
// actions call requireCaptcha before sendCode; runAction turns CaptchaRequired into the form error
// `captcha_required`, and the form shows the ALTCHA widget (components/captcha.tsx) and sends its
// payload with the next try.
import { captchaNeeded, spendCaptcha } from '../core/captcha'

/** Thrown when a send needs a solved captcha and the form sent none, or one that is not valid (any more). */
export class CaptchaRequired extends Error {
  constructor() {
    super('captcha_required')
    this.name = 'CaptchaRequired'
  }
}

/** Returns when the send to `target` from `ip` needs no captcha, or `payload` is a valid solved one (which is spent). */
export async function requireCaptcha(input: { target: string; ip?: string | null; payload?: string }): Promise<void> {
  if (!(await captchaNeeded(input))) return
  if (!(await spendCaptcha(input.payload))) throw new CaptchaRequired()
}
