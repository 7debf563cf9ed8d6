export { login as POST } from '@/lib/dialects/rageframe/handlers'
