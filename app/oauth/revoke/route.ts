export { revoke as POST } from '@/lib/http/standards/handlers'
