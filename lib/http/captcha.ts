// GET /api/captcha: a new signed ALTCHA challenge for the browser forms' widget (components/captcha.tsx,
// #21 item 5). Served by Next only (not a fast-path prefix), under the API security headers
// (lib/http/security-headers.ts: /api is an API answer). Never cached: each challenge is used once.
import { newCaptchaChallenge } from '../core/captcha'
import { defineHandler, json } from './handler'

export const captchaChallenge = defineHandler(
  () => json({ error: 'unavailable' }, 503),
  async () => json(await newCaptchaChallenge(), 200, { 'cache-control': 'no-store' }),
)
