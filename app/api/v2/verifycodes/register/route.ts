export { sendRegisterCode as POST } from '@/lib/dialects/thinksns/handlers'
