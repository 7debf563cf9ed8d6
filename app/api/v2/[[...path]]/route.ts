// Every /api/v2 request Next serves: the thinksns dialect's endpoints and fallback (lib/dialects/thinksns).
// Written by `npm run routes:generate` from lib/dialects/index.ts.
import { dialectRoute } from '@/lib/dialects/next-route'

export const { GET, POST, PUT, PATCH, DELETE } = dialectRoute('thinksns')
