// Health answers for load balancers and probes (issue 20; docs/deploy.md):
//   GET /api/health        {"status":"ok","database":"up"} 200, or 503 with "error"/"down" (database
//                          unreachable) or "draining" (this instance is stopping).
//   GET /api/health/live   liveness: 200 while the process answers at all (restart it if not).
//   GET /api/health/ready  readiness: 200 once migrations are applied and signing keys loaded, while
//                          the database answers and the instance is not draining; else 503.
// /live and /ready are answered by server.ts (the production server) before its router.
import { db } from '../db'
import { defineHandler, json } from './handler'

export type ServingState = { ready: boolean; draining: boolean; startupError: string | null }

// On globalThis: server.ts sets it, and Next's bundle (which serves /api/health on plain `next
// start` and as a fallback) reads the same object.
const STATE = Symbol.for('identity.servingState')
const g = globalThis as unknown as { [STATE]?: ServingState }

/**
 * This process's serving state. Outside server.ts nobody marks start-up done, so plain `next start`
 * and tests count as ready (they have no start-up step of their own).
 */
function servingState(): ServingState {
  return (g[STATE] ??= { ready: true, draining: false, startupError: null })
}

export function setServingState(s: Partial<ServingState>): void {
  Object.assign(servingState(), s)
}

// A probe must answer within its own timeout even when the pool is stuck: past this the database
// counts as down (the statement itself is bounded by DATABASE_QUERY_TIMEOUT_MS).
const CHECK_MS = 3000

async function databaseUp(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  try {
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), CHECK_MS)
    })
    return await Promise.race([
      db()
        .$queryRawUnsafe('SELECT 1')
        .then(() => true),
      timeout,
    ])
  } catch {
    return false
  } finally {
    clearTimeout(timer)
  }
}

/** The answer while the database does not: also what any failure of a probe renders. */
export const databaseDown = () => json({ status: 'error', database: 'down' }, 503)

export const health = defineHandler(databaseDown, async () => {
  const up = await databaseUp()
  if (servingState().draining) return json({ status: 'draining', database: up ? 'up' : 'down' }, 503)
  return up ? json({ status: 'ok', database: 'up' }) : databaseDown()
})

export const live = defineHandler(
  () => json({ status: 'ok' }),
  async () => json({ status: 'ok' }),
)

export const ready = defineHandler(databaseDown, async () => {
  const s = servingState()
  if (s.draining) return json({ status: 'draining' }, 503)
  if (!s.ready) return json({ status: 'starting', ...(s.startupError ? { reason: s.startupError } : {}) }, 503)
  const up = await databaseUp()
  return up ? json({ status: 'ready', database: 'up' }) : databaseDown()
})
