export { register as POST } from '@/lib/dialects/flask/handlers'
