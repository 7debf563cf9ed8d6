// The OpenAPI documents (SPEC §8): one per dialect and one for the standards endpoints, built from
// the handlers' own zod schemas and error tables. Served at /openapi/<name>.json, rendered at /docs.
import { config } from '../config'
import { buildDocument, type OpenApiDocument } from './build'
import { flaskDoc } from './flask'
import { hyperfDoc } from './hyperf'
import { rageframeDoc } from './rageframe'
import { standardsDoc } from './standards'
import { thinksnsDoc } from './thinksns'
import type { DialectDocDef } from './types'

export const API_VERSION = '1.0.0'

export const DOCUMENTS = {
  thinksns: thinksnsDoc,
  hyperf: hyperfDoc,
  flask: flaskDoc,
  rageframe: rageframeDoc,
  standards: standardsDoc,
} satisfies Record<string, DialectDocDef>

export type DocumentName = keyof typeof DOCUMENTS

/** Short names for the docs page's switcher. */
export const DOCUMENT_LABELS: Record<DocumentName, string> = {
  thinksns: 'ThinkSNS+ (/api/v2)',
  hyperf: 'Hyperf (/login)',
  flask: 'Flask (/api/auth)',
  rageframe: 'RageFrame (/v1)',
  standards: 'Standards',
}

export const DOCUMENT_NAMES = Object.keys(DOCUMENTS) as DocumentName[]

export function isDocumentName(name: string): name is DocumentName {
  return Object.hasOwn(DOCUMENTS, name)
}

/** Builds the document anew (tests); the served copy is built once per process (settings are fixed). */
export function generateDocument(name: DocumentName): Promise<OpenApiDocument> {
  return buildDocument(DOCUMENTS[name], { version: API_VERSION, serverUrl: (config().PUBLIC_URL ?? '').replace(/\/+$/, '') || '/' })
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
