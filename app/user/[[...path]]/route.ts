// Every /user request Next serves: the hyperf dialect's endpoints and fallback (lib/dialects/hyperf).
// Written by `npm run routes:generate` from lib/dialects/index.ts.
import { dialectRoute } from '@/lib/dialects/next-route'

export const { GET, POST, PUT, PATCH, DELETE } = dialectRoute('hyperf')
