export { login as POST } from '@/lib/dialects/flask/handlers'
