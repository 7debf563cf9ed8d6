export { createLegacyToken as POST } from '@/lib/dialects/thinksns/handlers'
