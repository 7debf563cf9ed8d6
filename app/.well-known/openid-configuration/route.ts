export { openidConfiguration as GET } from '@/lib/http/standards/handlers'
