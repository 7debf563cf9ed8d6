export { captchaChallenge as GET } from '@/lib/http/captcha'
