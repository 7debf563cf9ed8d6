// Every /api/auth request Next serves: the flask dialect's endpoints and fallback (lib/dialects/flask).
// Written by `npm run routes:generate` from lib/dialects/index.ts.
import { dialectRoute } from '@/lib/dialects/next-route'

export const { GET, POST, PUT, PATCH, DELETE } = dialectRoute('flask')
