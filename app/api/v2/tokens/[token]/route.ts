export { refreshLegacyToken as PATCH, fallback as GET, fallback as POST, fallback as PUT, fallback as DELETE } from '@/lib/dialects/thinksns/routes'
