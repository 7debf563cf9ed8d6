export { login as POST } from '@/lib/dialects/thinksns/handlers'
