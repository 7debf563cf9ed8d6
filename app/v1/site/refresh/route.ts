export { refresh as POST } from '@/lib/dialects/rageframe/handlers'
