export { refresh as GET, refresh as POST, refresh as PUT, refresh as PATCH } from '@/lib/dialects/thinksns/handlers'
