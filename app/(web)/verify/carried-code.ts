// A code carried from the SMS sign-in to sign-up (#24): a right code for a number with no account
// became its sign-up code on the server; the sign-in page leaves it here, for this tab only, and the
// verify page takes it (once) and goes straight to the name, password and consent.
const key = (channel: 'sms' | 'mail', target: string) => `carried-code:${channel}:${target}`

export function carryCodeToSignUp(channel: 'sms' | 'mail', target: string, code: string): void {
  try {
    sessionStorage.setItem(key(channel, target), code)
  } catch {
    // storage refused: the verify page asks for the code, which still works
  }
}

export function takeCarriedCode(channel: 'sms' | 'mail', target: string): string | null {
  try {
    const code = sessionStorage.getItem(key(channel, target))
    sessionStorage.removeItem(key(channel, target))
    return code
  } catch {
    return null
  }
}
