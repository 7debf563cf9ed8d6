import { AuthError } from '../lib/core/errors'

/** 'ok' when the promise resolves, the AuthError's kind when it rejects with one; anything else is rethrown. */
export async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ok'
  } catch (e) {
    if (e instanceof AuthError) return e.kind
    throw e
  }
}
