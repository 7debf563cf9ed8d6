// How hard password guessing is limited (issue #21 item 3), and what the owner of an account keeps
// while someone guesses. Three counters, all in the database (lib/core/limits.ts):
// - every sign-in attempt from one address (passwords and codes alike), so one address cannot try
//   many accounts fast;
// - wrong passwords per account, whatever string named it (name, email, phone in any spelling all
//   resolve to one user id), or per normalised identifier when no account matches;
// - wrong passwords per (account, address) for the address the owner last signed in from, instead
//   of the account-wide count: guesses spread over many addresses cannot keep the owner out at home.
// Windows are SIGNIN_LIMIT_WINDOW_SECONDS long, so any account-wide slow-down ends within a minute of
// the last guess. Code sign-in and password reset are not counted here: a code has its own tries.
import { AuthError } from './errors'
import { classifyLogin, nameKey } from './fields'
import { hitLimit, peekLimit } from './limits'
import { signInLimitPerAddress, SIGNIN_LIMIT_WINDOW_SECONDS } from './rules'
import { config } from '../config'

type Account = { id: number; lastLoginIp: string | null }

/** The counter a password check is limited under: the account (or its owner's address), or the identifier nobody has. */
export function passwordFailureKey(account: Account | null, login: string, ip?: string | null): string {
  if (account) return ip && account.lastLoginIp === ip ? `signin:user-ip:${account.id}:${ip}` : `signin:user:${account.id}`
  const id = classifyLogin(login.normalize('NFKC'))
  return `signin:id:${id.kind}:${id.kind === 'name' ? nameKey(id.value) : id.value}`
}

const refused = (r: { ok: false; retryAfter: number }) => new AuthError('rate_limited', { retryAfter: r.retryAfter })

/** Counts one sign-in attempt from `ip`; `rate_limited` past the per-address limit. */
export async function limitAttemptFrom(ip?: string | null): Promise<void> {
  if (!ip) return
  const r = await hitLimit(`signin:ip:${ip}`, signInLimitPerAddress(config().LOGIN_LIMIT_PER_MINUTE), SIGNIN_LIMIT_WINDOW_SECONDS)
  if (!r.ok) throw refused(r)
}

/** Before a password is checked: `rate_limited` while its counter is full. Counts nothing. */
export async function assertPasswordTriesLeft(key: string): Promise<void> {
  const r = await peekLimit(key, config().LOGIN_LIMIT_PER_MINUTE, SIGNIN_LIMIT_WINDOW_SECONDS)
  if (!r.ok) throw refused(r)
}

/** After a wrong password (or an unknown identifier): one failure on its counter. */
export async function countPasswordFailure(key: string): Promise<void> {
  await hitLimit(key, config().LOGIN_LIMIT_PER_MINUTE, SIGNIN_LIMIT_WINDOW_SECONDS)
}
