import { describe, expect, it } from 'vitest'
import { health } from './health'
import { call, getRequest } from '../../test/http'
import { createDb, setDbForTests, db } from '../db'

describe('GET /api/health', () => {
  it('answers 200 with the database up', async () => {
    const r = await call(health, getRequest('/api/health'))
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ status: 'ok', database: 'up' })
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('x-request-id')).toBeTruthy()
  })

  it('answers 503 when the database cannot be reached', async () => {
    const real = db()
    setDbForTests(createDb({ provider: 'postgresql', url: 'postgres://nobody:nothing@127.0.0.1:1/none' }))
    try {
      const r = await call(health, getRequest('/api/health'))
      expect(r.status).toBe(503)
      expect(r.body).toEqual({ status: 'error', database: 'down' })
    } finally {
      setDbForTests(real)
    }
  })
})
