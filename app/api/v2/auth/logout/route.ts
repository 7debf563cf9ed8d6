export { logout as GET, logout as POST, logout as PUT, logout as PATCH } from '@/lib/dialects/thinksns/handlers'
