// The one password policy (issue #21 item 9): every place a password is set — createUser (every
// dialect's register, the browser sign-up, the admin CLI), changePassword, the admin's
// resetPassword — asks it, so no API can set a password the browser would refuse.
//   - at least PASSWORD_MIN_LENGTH characters (a setting, default PASSWORD_MIN; counted in code
//     points, so a Chinese character counts one);
//   - at most PASSWORD_MAX (UTF-16 units, as the dialects' schemas count it: argon2's work stays bounded);
//   - not one of the common passwords of zxcvbn-ts's list (@zxcvbn-ts/language-common, MIT, ~49k
//     entries ranked by frequency in leaked password sets), compared case-insensitively after NFKC,
//     so `PASSWORD`, `Password` and the fullwidth `ｐａｓｓｗｏｒｄ` are all `password`.
// A dialect's own extra rule (Hyperf's letters, digits and `_`) stays in its schema. Signing in never
// asks this: a password set before the policy keeps working.
import { dictionary } from '@zxcvbn-ts/language-common'
import { config } from '../config'
import { AuthError } from './errors'
import { PASSWORD_MAX } from './rules'

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common'

let common: Set<string> | undefined

/** The list, built on first use (~40 ms): a process that never sets a password never pays for it. */
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map(commonKey))
  return common
}

const commonKey = (s: string): string => s.normalize('NFKC').toLowerCase()

/** What is wrong with a new password, or null when the policy accepts it. */
export function passwordProblem(password: string, minLength: number = config().PASSWORD_MIN_LENGTH): PasswordProblem | null {
  if (password.length > PASSWORD_MAX) return 'too_long'
  if ([...password].length < minLength) return 'too_short'
  if (commonPasswords().has(commonKey(password))) return 'too_common'
  return null
}

/**
 * Throws `invalid_input` with `{ field: 'password', reason, min, max }` when the policy refuses the
 * password; each dialect's error table turns it into its own answer.
 */
export function assertPasswordAllowed(password: string): void {
  const min = config().PASSWORD_MIN_LENGTH
  const reason = passwordProblem(password, min)
  if (reason) throw new AuthError('invalid_input', { field: 'password', reason, min, max: PASSWORD_MAX })
}
