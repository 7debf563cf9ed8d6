export { showUser as GET } from '@/lib/dialects/thinksns/handlers'
