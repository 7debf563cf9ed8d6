// The OpenAPI documents (SPEC §8): one per dialect (lib/dialects/index.ts) and one for the standards
// endpoints, built from the endpoints' own definitions: the zod schemas their handlers parse, their
// success schemas, and the errors they list rendered through their error tables. Served at
// /openapi/<name>.json, rendered at /docs.
import { config } from '../config'
import type { AnyDialect } from '../dialects'
import { DIALECTS } from '../dialects'
import { prefixesOf, type Dialect } from '../dialects/define'
import { standardsDocument } from '../http/standards/endpoints'
import { buildDocument, type OpenApiDocument } from './build'
import { FORMATS_NOTE, LIMITS_NOTE } from './common'
import type { DocumentDef } from './types'

const API_VERSION = '1.0.0'

/** A dialect's document: its texts, its token lifetimes and refresh policy, its endpoints. */
export function dialectDocument(d: Dialect): DocumentDef {
  return {
    id: d.id,
    texts: { ...d.docs, intro: () => [...d.docs.intro(), `**Refresh.** ${d.tokens.refresh.summary}`, FORMATS_NOTE, LIMITS_NOTE] },
    lifetimes: d.tokens.lifetimes,
    renderError: d.renderError,
    errorSchema: d.errorSchema,
    endpoints: d.endpoints,
  }
}

const DOCUMENTS: readonly DocumentDef[] = [...DIALECTS.map(dialectDocument), standardsDocument]

export type DocumentName = AnyDialect['id'] | 'standards'

export const DOCUMENT_NAMES = DOCUMENTS.map((d) => d.id) as DocumentName[]

/** Short names for the docs page's switcher. */
export const DOCUMENT_LABELS: Record<DocumentName, string> = {
  ...(Object.fromEntries(DIALECTS.map((d) => [d.id, `${d.label} (${prefixesOf(d).join(', ')})`])) as Record<AnyDialect['id'], string>),
  standards: 'Standards',
}

export function isDocumentName(name: string): name is DocumentName {
  return DOCUMENTS.some((d) => d.id === name)
}

/** Builds the document anew (tests); the served copy is built once per process (settings are fixed). */
export function generateDocument(name: DocumentName): Promise<OpenApiDocument> {
  const def = DOCUMENTS.find((d) => d.id === name)!
  return buildDocument(def, { version: API_VERSION, serverUrl: (config().PUBLIC_URL ?? '').replace(/\/+$/, '') || '/' })
}

const built = new Map<DocumentName, Promise<OpenApiDocument>>()

export function openapiDocument(name: DocumentName): Promise<OpenApiDocument> {
  let p = built.get(name)
  if (!p) {
    p = generateDocument(name)
    p.catch(() => built.delete(name))
    built.set(name, p)
  }
  return p
}
