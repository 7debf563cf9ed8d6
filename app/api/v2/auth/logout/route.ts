export { logout as GET, logout as POST, logout as PUT, logout as PATCH, fallback as DELETE } from '@/lib/dialects/thinksns/routes'
