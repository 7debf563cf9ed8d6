export { introspect as POST } from '@/lib/http/standards/handlers'
