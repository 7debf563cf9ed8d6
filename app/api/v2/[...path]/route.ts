export { fallback as GET, fallback as POST, fallback as PUT, fallback as PATCH, fallback as DELETE } from '@/lib/dialects/thinksns/routes'
