// GET /api/health: liveness and database reachability (200 / 503).
import { db } from '../db'
import { defineHandler, json } from './handler'

export const health = defineHandler(
  () => json({ status: 'error', database: 'down' }, 503),
  async () => {
    try {
      await db().$queryRawUnsafe('SELECT 1')
      return json({ status: 'ok', database: 'up' })
    } catch {
      return json({ status: 'error', database: 'down' }, 503)
    }
  },
)
