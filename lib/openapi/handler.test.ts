// The served documents: /openapi/<name>.json for each name, 404 for anything else.
import { describe, expect, it } from 'vitest'
import { call, getRequest } from '../../test/http'
import { DOCUMENT_NAMES } from '.'
import { openapiHandler } from './handler'

describe('GET /openapi/<name>.json', () => {
  it.each(DOCUMENT_NAMES)('serves the %s document', async (name) => {
    const res = await call(openapiHandler, getRequest(`/openapi/${name}.json`))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.body.openapi).toBe('3.1.0')
    expect(Object.keys(res.body.paths).length).toBeGreaterThan(0)
  })

  it.each(['/openapi/nothing.json', '/openapi/hyperf', '/openapi/constructor.json', '/openapi/HYPERF.json'])('answers 404 for %s', async (path) => {
    const res = await call(openapiHandler, getRequest(path))
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: 'not_found', error_description: 'No such document' })
  })
})
