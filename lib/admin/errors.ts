// Refusals of the dashboard's use cases, with the message the admin reads. Kept apart from the
// core's AuthError: these never reach a dialect, only the dashboard's own pages and actions.
export type AdminErrorCode = 'not_found' | 'in_use' | 'taken' | 'protected' | 'self' | 'invalid'

export class AdminError extends Error {
  readonly code: AdminErrorCode
  constructor(code: AdminErrorCode, message: string) {
    super(message)
    this.name = 'AdminError'
    this.code = code
  }
}

export function isAdminError(e: unknown): e is AdminError {
  return e instanceof AdminError
}
