export { refresh as GET, refresh as POST, refresh as PUT, refresh as PATCH, fallback as DELETE } from '@/lib/dialects/thinksns/routes'
