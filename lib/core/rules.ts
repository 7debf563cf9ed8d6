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

/**
 * Characters no name may hold, in any dialect (#21 item 11): Unicode's "other" categories — controls
 * (Cc), format characters (Cf: the bidi overrides and isolates U+202A–202E and U+2066–2069, the
 * zero-width U+200B–200D, U+2060, U+FEFF, soft hyphen), lone surrogates (Cs), private use (Co) and
 * unassigned code points (Cn, by the Unicode version of the running ICU) — and the line and
 * paragraph separators (Zl, Zp). Each makes one name look like another, or hides part of it.
 */
const NAME_FORBIDDEN_CHAR = /[\p{C}\p{Zl}\p{Zp}]/u

/** Whether a name is free of NAME_FORBIDDEN_CHAR; Hyperf's free-text accounts meet this rule too. */
export const nameCharsOk = (name: string): boolean => !NAME_FORBIDDEN_CHAR.test(name)

// ThinkSNS+'s `username` rule is the strictest of the dialects, so every name is made under it and
// then works in every dialect: a letter, `_` or any non-ASCII character (astral ones included)
// first; then also digits; never a NAME_FORBIDDEN_CHAR.
export const NAME_PATTERN = /^(?![^]*[\p{C}\p{Zl}\p{Zp}])[A-Za-z_\u0080-\u{10FFFF}][A-Za-z0-9_\u0080-\u{10FFFF}]*$/u
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

// --- Limit windows and clean-up (lib/core/limits.ts, lib/core/cleanup.ts) --------------------------

/** The longest window any limit counts over (the daily code caps); hitLimit refuses a longer one, so clean-up never removes a running window. */
export const LIMIT_WINDOW_MAX_SECONDS = 24 * 60 * 60
/**
 * How long clean-up keeps a row past its end (a code's or token's expiry, a limit window's end)
 * before it deletes it: a day, so whatever reads a recent failure or a day's sends still sees it.
 */
export const CLEANUP_MARGIN_SECONDS = 24 * 60 * 60

// --- Registration limit ------------------------------------------------------------------------

/** REGISTER_LIMIT_PER_HOUR_PER_IP counts over this window. */
export const REGISTER_LIMIT_WINDOW_SECONDS = 60 * 60

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
export const isActive = (user: { status: string }): boolean => user.status === ACTIVE_STATUS

/** The stored status of a user who may sign in (the session insert checks it in SQL, store.ts). */
export const ACTIVE_STATUS = 'active'

/**
 * Whether a user's email or phone was proved: a code sent to it was spent (registration by code,
 * binding, sign-in by code). Only a proved contact signs in by code, resets a password or is
 * matched by a code-backed claim; an unproved one is as if nobody had it (#21 item 7,
 * docs/decisions/0010-unverified-contacts.md).
 */
export const isContactVerified = (user: { emailVerifiedAt: Date | null; phoneVerifiedAt: Date | null }, field: 'email' | 'phone'): boolean =>
  (field === 'email' ? user.emailVerifiedAt : user.phoneVerifiedAt) !== null

// --- Captcha before further code sends (#21 item 5, lib/core/captcha.ts) --------------------------

/** CODE_CAPTCHA_AFTER_PER_TARGET and CODE_CAPTCHA_AFTER_PER_IP count the sends of this window. */
export const CAPTCHA_SEND_WINDOW_SECONDS = 60 * 60
/** How long a captcha challenge may be solved and used. */
export const CAPTCHA_TTL_SECONDS = 5 * 60
/** Proof of work (ALTCHA, SHA-256): the solver tries counters up to one picked in this range, each hashed CAPTCHA_COST times: about a second in a browser. */
export const CAPTCHA_COUNTER_MIN = 1_000
export const CAPTCHA_COUNTER_MAX = 50_000
export const CAPTCHA_COST = 10

// --- Second factors (#26, lib/core/factors) -------------------------------------------------------

/** TOTP as every authenticator app reads it (RFC 6238 defaults): SHA-1, 6 digits, 30-second steps. */
export const TOTP_DIGITS = 6
export const TOTP_PERIOD_SECONDS = 30
/** Clock skew allowed either way, in steps: a code from the step before or after still counts. */
export const TOTP_WINDOW_STEPS = 1
export const TOTP_CODE_PATTERN = new RegExp(`^\\d{${TOTP_DIGITS}}$`)
/** One-time recovery codes made at each TOTP enrolment (and on request); each works once. */
export const RECOVERY_CODE_COUNT = 10
/** A recovery code as shown: two groups of five letters and digits (no 0/O, 1/I/L), about 50 bits. */
export const RECOVERY_CODE_PATTERN = /^[A-HJKMNP-Z2-9]{5}-?[A-HJKMNP-Z2-9]{5}$/
/**
 * Wrong second-factor answers per account in SECOND_FACTOR_WINDOW_SECONDS; past it, rate_limited.
 * Tighter than the password limit: a 6-digit code has a million values, and three are right at once.
 */
export const SECOND_FACTOR_MAX_TRIES = 5
export const SECOND_FACTOR_WINDOW_SECONDS = 5 * 60
/** How long the second step of a sign-in may follow its first (the password or SMS code). */
export const SECOND_FACTOR_TICKET_SECONDS = 5 * 60
/** The longest name a person may give a factor. */
export const FACTOR_NAME_MAX = 40
