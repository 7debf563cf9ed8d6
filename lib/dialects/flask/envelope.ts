// The Flask dialect's answers (seed 003). The seed project answers with Flask's jsonify, whose
// JSON provider sorts keys: `code`, `data`, `msg`, and sorted keys inside `data` too.
import { json } from '../../http/handler'

/** Keys sorted at every depth, as Flask's JSON provider (sort_keys=True) writes them. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    )
  }
  return v
}

export const ok = (data: unknown, msg: string) => json(sortKeys({ code: 0, data, msg }))

export const fail = (msg: string, status = 200) => json({ code: 1, data: null, msg }, status)

/** flask-jwt-extended's own error body (its default callbacks: `{"msg": ...}`). */
export const jwtError = (status: number, msg: string) => json({ msg }, status)
