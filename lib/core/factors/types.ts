/** Who acts, from where: for the audit rows of factor changes and uses. */
export type FactorContext = { ip?: string | null; client?: string | null; actorId?: number | null; sessionId?: string | null }
