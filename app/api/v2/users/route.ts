export { register as POST } from '@/lib/dialects/thinksns/handlers'
