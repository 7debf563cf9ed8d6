export { memberInfo as GET } from '@/lib/dialects/rageframe/handlers'
