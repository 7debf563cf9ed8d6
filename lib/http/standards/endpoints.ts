// The standards endpoints (SPEC §2, §4), each one definition: JWKS, discovery, RFC 7662
// introspection, RFC 7009 revocation, /api/me and /api/health. Request and response shapes from
// schemas.ts; errors from the OAuth error table (errors.ts) via renderOAuthError. The router and
// the standards document are made from this list; app/.well-known, app/oauth, app/api/me and
// app/api/health re-export the same handlers for Next.
import { z } from 'zod'
import { config } from '../../config'
import { AuthError } from '../../core/errors'
import { defineEndpoint } from '../../dialects/define'
import { bodyErrors, kind } from '../../openapi/common'
import type { DocumentDef, ErrorCase } from '../../openapi/types'
import { databaseDown, health } from '../health'
import { renderOAuthError } from './errors'
import { introspect, jwks, me, openidConfiguration, PATHS, revoke } from './handlers'
import { introspectionResponse, jwksResponse, oauthError, tokenRequest, userinfoResponse } from './schemas'

const discovery = z.object({
  issuer: z.string(),
  jwks_uri: z.string(),
  introspection_endpoint: z.string(),
  introspection_endpoint_auth_methods_supported: z.array(z.string()),
  revocation_endpoint: z.string(),
  revocation_endpoint_auth_methods_supported: z.array(z.string()),
  userinfo_endpoint: z.string(),
  token_signing_alg_values_supported: z.array(z.string()),
  subject_types_supported: z.array(z.string()),
})

const healthBody = z.object({ status: z.enum(['ok', 'error', 'draining']), database: z.enum(['up', 'down']) })

const clientErrors: ErrorCase[] = [
  kind('no_client', 'No client credentials, or wrong ones.', { what: 'client' }, 'wrong_password'),
  {
    name: 'two_methods',
    summary: 'Basic and client_secret in the body at once (RFC 6749 §2.3.1).',
    error: new AuthError('invalid_input', { field: 'client_secret', reason: 'two_methods' }),
  },
  { name: 'no_token', summary: 'No `token` parameter.', error: new AuthError('invalid_input', { field: 'token', reason: 'invalid' }) },
  ...bodyErrors(),
]

const publicHeaders = (what: string) => ({
  'cache-control': { description: what, schema: { type: 'string' } },
  'access-control-allow-origin': { description: 'Any origin may read it.', schema: { type: 'string', const: '*' } },
})

export const endpoints = [
  defineEndpoint({
    method: 'GET',
    path: '/api/health',
    operationId: 'health',
    handler: health,
    summary: 'Liveness and database reachability',
    description: 'For load balancers: 200 when the database answers, 503 when it does not.',
    tags: ['operations'],
    renderError: databaseDown,
    errorSchema: healthBody,
    success: [
      { status: 200, description: 'Up.', schema: healthBody, example: { status: 'ok', database: 'up' } },
      { status: 503, description: 'The database does not answer.', schema: healthBody, example: { status: 'error', database: 'down' } },
    ],
    errors: [],
    examples: [{ name: 'health', summary: 'the service is up', status: 200 }],
  }),
  defineEndpoint({
    method: 'GET',
    path: PATHS.jwks,
    operationId: 'jwks',
    handler: jwks,
    summary: 'Public signing keys (JWKS)',
    description:
      "The public keys of the JWT dialects when they sign with ES256 or EdDSA (`JWT_SIGNING_ALG`), each with its `kid`. With HS256 (the default) nothing is published: the dialects' secrets are shared, not public. A new key is published SIGNING_KEYS_REFRESH_SECONDS before it signs.",
    tags: ['tokens'],
    success: [
      {
        status: 200,
        description: 'The key set.',
        schema: jwksResponse,
        headers: publicHeaders('public, max-age=SIGNING_KEYS_REFRESH_SECONDS'),
        example: { keys: [] },
        exampleSummary: 'HS256: no public keys',
      },
    ],
    errors: [],
    examples: [{ name: 'keys', summary: 'the key set', status: 200 }],
  }),
  defineEndpoint({
    method: 'GET',
    path: PATHS.discovery,
    operationId: 'openidConfiguration',
    handler: openidConfiguration,
    summary: 'Discovery',
    description:
      "Where the other endpoints are and how clients authenticate to them. The issuer is PUBLIC_URL, or the request's origin without it. Under server.ts (`npm start`) this URL answers the OpenID Connect provider's full document instead (authorization, token, userinfo, end-session endpoints under /oidc; docs/oidc.md), with the same JWKS.",
    tags: ['tokens'],
    success: [
      {
        status: 200,
        description: 'The configuration.',
        schema: discovery,
        headers: publicHeaders('public, max-age=300'),
        example: {
          issuer: 'https://id.example.com',
          jwks_uri: `https://id.example.com${PATHS.jwks}`,
          introspection_endpoint: `https://id.example.com${PATHS.introspect}`,
          introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          revocation_endpoint: `https://id.example.com${PATHS.revoke}`,
          revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          userinfo_endpoint: `https://id.example.com${PATHS.me}`,
          token_signing_alg_values_supported: ['HS256'],
          subject_types_supported: ['public'],
        },
      },
    ],
    errors: [],
    examples: [{ name: 'discovery', summary: 'the configuration', status: 200 }],
  }),
  defineEndpoint({
    method: 'POST',
    path: PATHS.introspect,
    operationId: 'introspect',
    handler: introspect,
    summary: 'Token introspection (RFC 7662)',
    description:
      'Any token of any dialect (JWT or opaque, access or refresh): `active: true` with its user and session, or just `active: false` when it is expired, revoked, replaced or unknown. For registered OAuth clients (`npm run oauth:client`), authenticated by HTTP Basic or `client_id`/`client_secret` in the body.',
    tags: ['tokens'],
    body: tokenRequest,
    security: [{ basic: [] }, {}],
    success: [
      {
        status: 200,
        description: "The token's state.",
        schema: introspectionResponse,
        example: {
          active: true,
          sub: '1',
          username: 'Foo',
          uuid: 'ec651a78-47c7-4c87-af5e-a1628641ec98',
          token_type: 'access_token',
          exp: 1744175676,
          iat: 1744089276,
          jti: '08d5adea-6308-4bbf-95de-c01028a4151f',
          sid: 'cm0s3ss10n0000000000000000',
          dialect: 'flask',
        },
      },
    ],
    errors: clientErrors,
    examples: [
      {
        name: 'active',
        summary: "a token from a dialect's sign-in",
        body: { token: '{{access_token}}', client_id: '{{client_id}}', client_secret: '{{client_secret}}' },
        status: 200,
      },
      {
        name: 'unknown',
        summary: 'a string that is no token',
        body: { token: 'not-a-token', client_id: '{{client_id}}', client_secret: '{{client_secret}}' },
        status: 200,
      },
      { name: 'no_client', summary: 'without client credentials', body: { token: '{{access_token}}' }, status: 401 },
    ],
  }),
  defineEndpoint({
    method: 'GET',
    path: PATHS.me,
    operationId: 'me',
    handler: me,
    summary: 'The user behind an access token',
    description: "Any dialect's access token as `Authorization: Bearer`. Refresh tokens are refused: they only buy new access tokens.",
    tags: ['tokens'],
    security: [{ bearer: [] }],
    success: [
      {
        status: 200,
        description: 'The user.',
        schema: userinfoResponse,
        example: { id: 1, uuid: 'ec651a78-47c7-4c87-af5e-a1628641ec98', name: 'Foo', roles: ['USER'], permissions: [] },
      },
    ],
    errors: [
      kind('token_missing', 'No Authorization header.'),
      kind('token_invalid', 'Not a live token of any dialect.', { reason: 'unknown' }),
      kind('token_wrong_type', 'A refresh token.'),
      kind('user_disabled', 'The account is disabled.'),
    ],
    examples: [
      { name: 'me', summary: "a token from a dialect's sign-in", headers: { authorization: 'Bearer {{access_token}}' }, status: 200 },
      { name: 'no_token', summary: 'without a token', status: 401 },
    ],
  }),
  defineEndpoint({
    method: 'POST',
    path: PATHS.revoke,
    operationId: 'revoke',
    handler: revoke,
    summary: 'Token revocation (RFC 7009)',
    description:
      'Ends the session of any live token of any dialect: every token of that session is refused from the next request on. An unknown or already invalid token also gets 200 (RFC 7009 §2.2). Same client authentication as introspection.',
    tags: ['tokens'],
    body: tokenRequest,
    security: [{ basic: [] }, {}],
    success: [{ status: 200, description: 'Revoked (or nothing to revoke). No body.', schema: null }],
    errors: clientErrors,
    examples: [
      {
        name: 'revoke',
        summary: 'the token of the introspection example',
        body: { token: '{{access_token}}', client_id: '{{client_id}}', client_secret: '{{client_secret}}' },
        status: 200,
      },
      { name: 'no_client', summary: 'without client credentials', body: { token: '{{access_token}}' }, status: 401 },
    ],
  }),
]

export const standardsDocument: DocumentDef = {
  id: 'standards',
  texts: {
    title: 'Standards endpoints (JWKS, discovery, introspection, revocation, /api/me, health)',
    intro: () => [
      "For the other services of the app that must check the dialects' tokens: verify JWTs with the published keys, or ask introspection about any token (JWT or opaque), revoke it, or read the user behind it.",
      'Errors are OAuth\'s `{"error", "error_description"}` (RFC 6749 §5.2, RFC 6750 §3), with `WWW-Authenticate` where the RFCs ask for it.',
    ],
    settings: () => {
      const c = config()
      return [
        ['JWT_SIGNING_ALG', c.JWT_SIGNING_ALG, 'HS256 publishes no keys; ES256 / EdDSA publish one per dialect with its kid'],
        ['SIGNING_KEYS_REFRESH_SECONDS', c.SIGNING_KEYS_REFRESH_SECONDS, 'how long the JWKS may be cached; a new key is published this long before it signs'],
        ['PUBLIC_URL', c.PUBLIC_URL ?? 'not set', "the issuer in discovery (the request's origin when not set)"],
      ]
    },
    securitySchemes: {
      basic: { type: 'http', scheme: 'basic', description: 'OAuth client id and secret (or client_id / client_secret in the body)' },
      bearer: { type: 'http', scheme: 'bearer', description: 'an access token of any dialect' },
    },
    tags: [
      { name: 'tokens', description: 'Keys, discovery, introspection, revocation, user info' },
      { name: 'operations', description: 'Health' },
    ],
  },
  renderError: renderOAuthError,
  errorSchema: oauthError,
  endpoints,
}
