export { miniProgram as POST } from '@/lib/dialects/thinksns/handlers'
