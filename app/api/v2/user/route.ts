export { currentUser as GET } from '@/lib/dialects/thinksns/handlers'
