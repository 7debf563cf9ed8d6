export { createLegacyToken as POST, fallback as GET, fallback as PUT, fallback as PATCH, fallback as DELETE } from '@/lib/dialects/thinksns/routes'
