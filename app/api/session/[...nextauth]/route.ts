export { handler as GET, handler as POST } from '@/lib/auth/next-auth'
