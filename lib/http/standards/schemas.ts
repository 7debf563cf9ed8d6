// Request and response shapes of the standards endpoints (also read by the OpenAPI generator).
import { z } from 'zod'
import { DIALECT_IDS } from '../../dialects'

/** RFC 7662 §2.1 / RFC 7009 §2.1. Client credentials travel in Basic or beside these fields. */
export const tokenRequest = z.object({
  token: z.string().min(1).max(8192),
  // A hint the server may ignore; every dialect is asked anyway.
  token_type_hint: z.string().max(64).optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
})

export const introspectionResponse = z.union([
  z.object({ active: z.literal(false) }),
  z.object({
    active: z.literal(true),
    sub: z.string(),
    username: z.string(),
    uuid: z.string(),
    token_type: z.enum(['access_token', 'refresh_token']),
    exp: z.number().int().optional(),
    iat: z.number().int().optional(),
    jti: z.string().optional(),
    sid: z.string(),
    dialect: z.enum(DIALECT_IDS),
  }),
])

export const userinfoResponse = z.object({
  id: z.number().int(),
  uuid: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
})

export const oauthError = z.object({ error: z.string(), error_description: z.string() })

export const jwksResponse = z.object({
  keys: z.array(
    z.object({
      kty: z.string(),
      crv: z.string(),
      x: z.string(),
      y: z.string().optional(),
      kid: z.string(),
      alg: z.enum(['ES256', 'EdDSA']),
      use: z.literal('sig'),
    }),
  ),
})
