// How long the browser forms wait before offering "send again". The core refuses a new code while
// the last one is this young (sendVerificationCode's resendAfterSeconds), so the countdown shown
// is the server's rule, not only the page's.
export const RESEND_AFTER_SECONDS = 60
