export { me as GET } from '@/lib/http/standards/handlers'
