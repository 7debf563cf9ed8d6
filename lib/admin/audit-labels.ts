// Readable names of the audit log's events, from the catalogues (`admin.auditKinds.<group>.<name>`,
// lib/i18n/messages/<locale>/admin.json), in the page's language. AUDIT_KINDS lists every kind the
// core writes: `satisfies Record<AuditKind, true>` fails the compile until a new kind is listed, and
// audit-labels.test.ts fails until it is named in both languages.
import type { AuditKind } from '../core/audit'
import type { Translate } from '../i18n/text'

const KINDS = {
  'user.registered': true,
  'user.created': true,
  'user.updated': true,
  'user.deleted': true,
  'user.disabled': true,
  'user.enabled': true,
  'account.deleted': true,
  'signin.success': true,
  'signin.failure': true,
  'code.sent': true,
  'code.failed': true,
  'token.refreshed': true,
  'token.reuse_detected': true,
  'session.revoked': true,
  'session.reauthenticated': true,
  'notice.sent': true,
  'notice.failed': true,
  'password.changed': true,
  'password.reset': true,
  'contact.released': true,
  'role.assigned': true,
  'role.removed': true,
  'admin.action': true,
  'users.imported': true,
  'factor.enrolled': true,
  'factor.removed': true,
  'factor.used': true,
  'factor.failed': true,
  'factor.reset': true,
  'recovery.generated': true,
  'recovery.used': true,
  'oidc.token': true,
  'oidc.consent': true,
  'oidc.consent_revoked': true,
  'oidc.grant_revoked': true,
} as const satisfies Record<AuditKind, true>

export const AUDIT_KINDS = Object.keys(KINDS) as AuditKind[]

/** The event's name (`t`: the root translator); a kind without one (an older row) shows as it is stored. */
export function auditLabel(t: Translate, kind: string): string {
  const key = `admin.auditKinds.${kind}`
  return /^[a-z_]+\.[a-z_]+$/.test(kind) && t.has(key) ? t(key) : kind
}
