// Response bodies of the ThinkSNS+ dialect (seeds 000 and 001, reference §1).
import type { User } from '../../core/users'
import { expiresIn, type Lifetimes } from './profile'

/** Seed 000's token body (login, refresh, mini-program). */
export function tokenAnswer(token: string, l: Lifetimes) {
  return { access_token: token, token_type: 'bearer', expires_in: expiresIn(l), refresh_ttl: l.refreshTtlMinutes }
}

/**
 * Register: seed 000's body plus `token` and `ttl`, the keys the real server answers with and its
 * clients read (reference §1).
 */
export function registerAnswer(token: string, l: Lifetimes) {
  return { ...tokenAnswer(token, l), token, ttl: l.ttlMinutes }
}

/** Legacy `PATCH /tokens/{token}` (seed 001); `POST /tokens` adds the user. Minutes. */
export function legacyTokenAnswer(token: string, l: Lifetimes) {
  return { token, ttl: l.ttlMinutes, refresh_ttl: l.refreshTtlMinutes }
}

/** Laravel's date format, in UTC as the seed's server stored them. */
function laravelDate(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ')
}

/**
 * The user object of seed 001, in its order. This service keeps no bio, avatar, counters or
 * wallet: those fields are null or 0, so clients that read them keep working. `id` is the user's
 * ThinkSNS+ id (`legacyIntIdOf`), the one its clients and tokens know.
 */
export function publicUser(user: User, id: number) {
  const updated = laravelDate(user.updatedAt)
  return {
    id,
    name: user.name,
    bio: null,
    sex: 0,
    location: null,
    created_at: laravelDate(user.createdAt),
    updated_at: updated,
    avatar: null,
    bg: null,
    verified: null,
    extra: {
      user_id: id,
      likes_count: 0,
      comments_count: 0,
      followers_count: 0,
      followings_count: 0,
      updated_at: updated,
      feeds_count: 0,
      questions_count: 0,
    },
  }
}

/** The signed-in user's own object: the public one plus wallet, phone and email (seed 001). */
export function ownUser(user: User, id: number) {
  return { ...publicUser(user, id), wallet: null, phone: user.phone, email: user.email }
}
