// The audit log: who did what, when, from where (SPEC §3). Written in the same transaction as the
// change it records where there is one.
import type { Tx } from '../db'
import { insertAudit } from './store'

export type AuditKind =
  | 'user.registered'
  | 'signin.success'
  | 'signin.failure'
  | 'code.sent'
  | 'code.failed'
  | 'token.refreshed'
  | 'token.reuse_detected'
  | 'session.revoked'
  | 'session.reauthenticated'
  | 'notice.sent'
  | 'notice.failed'
  | 'password.changed'
  | 'password.reset'
  | 'user.updated'
  | 'user.created'
  | 'user.deleted'
  | 'account.deleted'
  | 'contact.released'
  | 'user.disabled'
  | 'user.enabled'
  | 'role.assigned'
  | 'role.removed'
  | 'admin.action'
  | 'users.imported'
  | 'factor.enrolled'
  | 'factor.removed'
  | 'factor.used'
  | 'factor.failed'
  | 'factor.reset'
  | 'recovery.generated'
  | 'recovery.used'
  | 'oidc.token'
  | 'oidc.consent'
  | 'oidc.consent_revoked'
  | 'oidc.grant_revoked'

export type AuditInput = {
  kind: AuditKind
  userId?: number | null
  actorId?: number | null
  sessionId?: string | null
  client?: string | null
  ip?: string | null
  detail?: Record<string, unknown>
}

/**
 * Writes one audit row: inside the caller's transaction when one is given, else in plain SQL
 * (store.ts) — every refresh writes one, so this insert is on the hot path.
 */
export async function audit(event: AuditInput, client?: Tx): Promise<void> {
  const data = {
    kind: event.kind,
    userId: event.userId ?? null,
    actorId: event.actorId ?? null,
    sessionId: event.sessionId ?? null,
    client: event.client ?? null,
    ip: event.ip ?? null,
    detail: event.detail ? JSON.stringify(event.detail) : null,
  }
  await insertAudit(data, client)
}
