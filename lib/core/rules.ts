// The rules a person meets, said once: how codes work, what a name and a password may be, how hard
// sign-in is limited, when a user counts as active. Constants and pure functions only — no database,
// no Next, no zod — so a client form imports them as safely as the core and the dialects do, and the
// text a page shows ("valid for 5 minutes") cannot drift from what the server does.

// --- Verification codes (SPEC §3) ------------------------------------------------------------------

export const CODE_LENGTH = 6
export const CODE_TTL_SECONDS = 5 * 60
export const CODE_TTL_MINUTES = CODE_TTL_SECONDS / 60
/** Wrong tries a code survives; the last one burns it. */
export const CODE_MAX_ATTEMPTS = 5
/**
 * How young the last code must be for a new send to be refused (sendVerificationCode's
 * `resendAfterSeconds`), so the countdown the browser forms show is the server's rule. ThinkSNS+
 * uses it too (reference §1: "send code again within 60 s").
 */
export const CODE_RESEND_AFTER_SECONDS = 60
export const CODE_PATTERN = new RegExp(`^\\d{${CODE_LENGTH}}$`)

// --- Names (reference §1) --------------------------------------------------------------------------

// ThinkSNS+'s `username` rule is the strictest of the dialects, so every name is made under it and
// then works in every dialect: a letter, `_` or any non-ASCII character (astral ones included)
// first; then also digits.
export const NAME_PATTERN = /^[A-Za-z_\u0080-\u{10FFFF}][A-Za-z0-9_\u0080-\u{10FFFF}]*$/u
export const NAME_WIDTH_MIN = 2
export const NAME_WIDTH_MAX = 12

/** ThinkSNS+'s `display_length`: an ASCII letter, digit or `_` counts half, any other character (code point) one. */
export function nameWidth(name: string): number {
  let n = 0
  for (const ch of name) n += /[A-Za-z0-9_]/.test(ch) ? 0.5 : 1
  return n
}

export const nameWidthOk = (name: string): boolean => {
  const w = nameWidth(name)
  return w >= NAME_WIDTH_MIN && w <= NAME_WIDTH_MAX
}

// --- Passwords -------------------------------------------------------------------------------------

/** The longest password any dialect accepts (ThinkSNS+'s `max:64`; argon2 work stays bounded). */
export const PASSWORD_MAX = 64
/** The shortest new password on our own forms (browser, admin); the dialects keep their seeds' rules. */
export const PASSWORD_MIN = 8

// --- Sign-in limits --------------------------------------------------------------------------------

/** LOGIN_LIMIT_PER_MINUTE counts over this window. */
export const SIGNIN_LIMIT_WINDOW_SECONDS = 60
/** One address gets this many times an account's limit: many people share one (an office, a carrier's NAT). */
export const SIGNIN_PER_ADDRESS_FACTOR = 5
export const signInLimitPerAddress = (perAccount: number): number => perAccount * SIGNIN_PER_ADDRESS_FACTOR

// --- Browser sessions (#21 item 10) -------------------------------------------------------------

/** A session's lastUsedAt is written at most this often (touchSession): idle times are exact to about this. */
export const SESSION_TOUCH_SECONDS = 60

/** Whether a session last used at `lastUsedAt` has been idle longer than `idleMinutes` (SESSION_IDLE_MINUTES, ADMIN_…). */
export const isIdle = (lastUsedAt: Date, idleMinutes: number, now: number = Date.now()): boolean => now - lastUsedAt.getTime() > idleMinutes * 60_000

/**
 * Whether the person proved who they are recently enough (REAUTH_MAX_AGE_MINUTES) to change a
 * password, phone or email, or to run an admin's destructive action, without being asked again.
 * A session with no recorded authentication time (made before it was recorded) is never recent.
 */
export const isRecentAuth = (authAt: Date | null, maxAgeMinutes: number, now: number = Date.now()): boolean =>
  authAt !== null && now - authAt.getTime() <= maxAgeMinutes * 60_000

// --- Users -----------------------------------------------------------------------------------------

/**
 * Whether a user may sign in and whether their tokens still count. Every check and every display
 * mapping (RageFrame's `status: 10`, Flask's `status: true`) asks this, so a new status (say
 * "locked") is decided here once.
 */
export const isActive = (user: { status: string }): boolean => user.status === 'active'
