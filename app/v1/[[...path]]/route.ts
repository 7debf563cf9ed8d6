// Every /v1 request Next serves: the rageframe dialect's endpoints and fallback (lib/dialects/rageframe).
// Written by `npm run routes:generate` from lib/dialects/index.ts.
import { dialectRoute } from '@/lib/dialects/next-route'

export const { GET, POST, PUT, PATCH, DELETE } = dialectRoute('rageframe')
