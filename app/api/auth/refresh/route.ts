export { refresh as POST } from '@/lib/dialects/flask/handlers'
