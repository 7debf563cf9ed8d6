export { refreshLegacyToken as PATCH } from '@/lib/dialects/thinksns/handlers'
