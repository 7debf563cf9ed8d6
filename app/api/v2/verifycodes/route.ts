export { sendUserCode as POST } from '@/lib/dialects/thinksns/handlers'
