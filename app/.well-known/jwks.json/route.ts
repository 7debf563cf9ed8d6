export { jwks as GET } from '@/lib/http/standards/handlers'
