// OpenID Connect clients: rows of OAuthClient (the same table as the introspection clients of
// `npm run oauth:client`), with their OIDC metadata as JSON in `oidcMetadata`. The provider reads
// them through the adapter (lib/oidc/adapter.ts, model Client) on every request, so a change in
// the admin dashboard holds at once on every instance. A row without metadata is a service: client
// credentials only (and introspection/revocation as before).
//
// Only a hash of a secret is stored; the provider compares a presented secret by hashing it
// (lib/oidc/provider.ts overrides compareClientSecret), and symmetric signing with the secret is
// never offered (id_tokens are signed with the asymmetric keys).
import { z } from 'zod'
import { db } from '../db'
import { AuthError } from '../core/errors'
import { randomAlnum, randomUrlSafe, sha256 } from '../core/ids'

const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const

const url = z.url().max(2000)
const ttl = z.coerce
  .number()
  .int()
  .min(60)
  .max(366 * 86400)
  .optional()

/** What an admin sets for a client (the dashboard's form, `npm run oauth:client`). */
export const clientSettingsSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** public: no secret (a browser or mobile app); PKCE is then required. */
  public: z.boolean().default(false),
  redirectUris: z.array(url).max(20).default([]),
  postLogoutRedirectUris: z.array(url).max(20).default([]),
  grantTypes: z.array(z.enum(GRANT_TYPES)).min(1).default(['authorization_code', 'refresh_token']),
  backchannelLogoutUri: url.optional(),
  accessTokenTtlSeconds: ttl,
  idTokenTtlSeconds: ttl,
  refreshTokenTtlSeconds: ttl,
  /** each refresh answers a new refresh token and spends the old one (reuse ends the grant). */
  rotateRefreshTokens: z.boolean().default(true),
})
export type ClientSettings = z.output<typeof clientSettingsSchema>

const storedSchema = clientSettingsSchema.omit({ name: true })
type Stored = z.output<typeof storedSchema>

function check(s: ClientSettings): void {
  if (s.public && s.grantTypes.includes('client_credentials'))
    throw new AuthError('invalid_input', { field: 'grantTypes', reason: 'public_client_credentials' })
  if (s.grantTypes.includes('authorization_code') && s.redirectUris.length === 0)
    throw new AuthError('invalid_input', { field: 'redirectUris', reason: 'required' })
}

export type OidcClientRow = { id: string; name: string; createdAt: Date; settings: Stored | null }

function parseStored(json: string | null): Stored | null {
  if (!json) return null
  const parsed = storedSchema.safeParse(JSON.parse(json))
  return parsed.success ? parsed.data : null
}

/** Makes a client; the secret (null for a public client) is shown once. */
export async function createOidcClient(input: ClientSettings): Promise<{ id: string; secret: string | null }> {
  check(input)
  const { name, ...stored } = input
  const id = `${input.public ? 'app' : 'svc'}_${randomAlnum(20)}`
  const secret = input.public ? null : randomUrlSafe(43)
  await db().oAuthClient.create({ data: { id, name, secretHash: secret ? sha256(secret) : '', oidcMetadata: JSON.stringify(stored), updatedAt: new Date() } })
  return { id, secret }
}

/** Changes a client's settings (not its secret, not public/confidential). False if there is no such client. */
export async function updateOidcClient(id: string, input: ClientSettings): Promise<boolean> {
  const row = await db().oAuthClient.findUnique({ where: { id } })
  if (!row) return false
  const settings = { ...input, public: row.secretHash === '' }
  check(settings)
  const { name, ...stored } = settings
  await db().oAuthClient.update({ where: { id }, data: { name, oidcMetadata: JSON.stringify(stored), updatedAt: new Date() } })
  return true
}

export async function listOidcClients(): Promise<OidcClientRow[]> {
  const rows = await db().oAuthClient.findMany({ orderBy: { createdAt: 'asc' } })
  return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.createdAt, settings: parseStored(row.oidcMetadata) }))
}

/** Deletes a client and everything the provider holds for it (its grants' tokens go with their grants). */
export async function deleteOidcClient(id: string): Promise<boolean> {
  const grants = await db().oidcModel.findMany({ where: { kind: 'Grant', payload: { contains: `"clientId":${JSON.stringify(id)}` } }, select: { id: true } })
  const grantIds = grants.map((g) => g.id)
  const { count } = await db().oAuthClient.deleteMany({ where: { id } })
  if (grantIds.length > 0) {
    await db().oidcModel.deleteMany({ where: { OR: [{ grantId: { in: grantIds } }, { kind: 'Grant', id: { in: grantIds } }] } })
  }
  await db().oidcConsent.deleteMany({ where: { clientId: id } })
  return count === 1
}

/** The provider's client metadata of a row (adapter, model Client). */
export function providerMetadata(row: { id: string; name: string; secretHash: string; oidcMetadata: string | null }): Record<string, unknown> | undefined {
  const s = parseStored(row.oidcMetadata)
  if (!s) {
    // An introspection client of before: a service with client credentials.
    return {
      client_id: row.id,
      client_name: row.name,
      client_secret: row.secretHash,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    }
  }
  const code = s.grantTypes.includes('authorization_code')
  return {
    client_id: row.id,
    client_name: row.name,
    ...(s.public ? { token_endpoint_auth_method: 'none' } : { client_secret: row.secretHash, token_endpoint_auth_method: 'client_secret_basic' }),
    grant_types: s.grantTypes,
    response_types: code ? ['code'] : [],
    redirect_uris: s.redirectUris,
    post_logout_redirect_uris: s.postLogoutRedirectUris,
    ...(s.backchannelLogoutUri ? { backchannel_logout_uri: s.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    access_token_ttl: s.accessTokenTtlSeconds,
    id_token_ttl: s.idTokenTtlSeconds,
    refresh_token_ttl: s.refreshTokenTtlSeconds,
    rotate_refresh_tokens: s.rotateRefreshTokens,
  }
}
