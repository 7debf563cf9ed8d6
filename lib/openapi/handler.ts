// GET /openapi/<name>.json: the document, built once per process from the running configuration.
// app/openapi/[dialect]/route.ts re-exports it.
import { defineHandler, json } from '../http/handler'
import { isDocumentName, openapiDocument } from '.'

const renderError = () => json({ error: 'server_error', error_description: 'The document could not be built' }, 500)

export const openapiHandler = defineHandler(renderError, async (_req, ctx) => {
  const m = /^\/openapi\/([a-z]+)\.json$/.exec(ctx.url.pathname)
  if (!m || !isDocumentName(m[1])) return json({ error: 'not_found', error_description: 'No such document' }, 404)
  // Readable by any origin, so that other teams' tools can load it; settings change only on restart.
  return json(await openapiDocument(m[1]), 200, { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=300' })
})
