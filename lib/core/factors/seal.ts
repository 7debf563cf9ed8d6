// TOTP secrets are stored sealed (AES-256-GCM under a key derived from AUTH_SECRET): a copy of the
// database alone (a backup, a read-only leak) does not let anyone make codes. Rotating AUTH_SECRET
// therefore ends every TOTP enrolment (docs/decisions/0017-second-factors.md).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { config, deriveSecret } from '../../config'

const key = () => createHash('sha256').update(deriveSecret(config().authSecret, 'totp-seal')).digest()

export function seal(plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key(), iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.')
}

/** The sealed value, or null when it was sealed under another key (AUTH_SECRET changed) or altered. */
export function unseal(sealed: string): string | null {
  const [v, iv, body, tag] = sealed.split('.')
  if (v !== 'v1' || !iv || !body || !tag) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}
