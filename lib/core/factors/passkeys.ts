// Passkeys (#26) on @simplewebauthn/server: register one or more (named, listed, removable), sign in
// with one alone (a discoverable credential: the browser offers the account), or answer the second
// step of a sign-in with one. The relying party is PUBLIC_URL's host and origin.
//
// The challenge each ceremony signs is handed to the browser inside a ticket signed with a key
// derived from AUTH_SECRET (naming its purpose, the user and an expiry), and spent once through a
// limit counter, so no challenge table is needed and a captured answer cannot be replayed.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server'
import { config, deriveSecret } from '../../config'
import { db } from '../../db'
import { log } from '../../log'
import { AuthError } from '../errors'
import { audit } from '../audit'
import { hmac, newId, safeEqual } from '../ids'
import { hitLimit } from '../limits'
import { FACTOR_NAME_MAX, SECOND_FACTOR_TICKET_SECONDS } from '../rules'
import type { FactorContext } from './types'

export type PasskeyAssertion = { response: AuthenticationResponseJSON; ticket: string }
export type PasskeyRegistration = { response: RegistrationResponseJSON; ticket: string; name: string }

/** The relying party: PUBLIC_URL (or http://localhost:PORT) — its host is the RP id, its origin the expected origin. */
function relyingParty(): { id: string; origin: string; name: string } {
  const c = config()
  const url = new URL(c.PUBLIC_URL ?? `http://localhost:${c.PORT}`)
  return { id: url.hostname, origin: url.origin, name: c.MFA_ISSUER }
}

type Purpose = 'register' | 'authenticate'
const ticketKey = () => deriveSecret(config().authSecret, 'webauthn-challenge')

function challengeTicket(purpose: Purpose, userId: number, challenge: string): string {
  const body = `${purpose}.${userId}.${Math.floor(Date.now() / 1000) + SECOND_FACTOR_TICKET_SECONDS}.${challenge}`
  return `${body}.${hmac(ticketKey(), body)}`
}

/** The challenge a ticket carries for `purpose` (and `userId`, 0 = anyone), spent now; null if forged, expired, reused. */
async function spendChallenge(ticket: string, purpose: Purpose, userId: number): Promise<string | null> {
  const parts = ticket.split('.')
  if (parts.length !== 5) return null
  const [p, uid, exp, challenge, mac] = parts
  if (!safeEqual(mac, hmac(ticketKey(), `${p}.${uid}.${exp}.${challenge}`))) return null
  if (p !== purpose || Number(uid) !== userId || Number(exp) * 1000 < Date.now()) return null
  const once = await hitLimit(`webauthn:${challenge}`, 1, SECOND_FACTOR_TICKET_SECONDS)
  return once.ok ? challenge : null
}

const transportsOf = (s: string | null) => (s ? (s.split(',') as AuthenticatorTransport[]) : undefined)

/** Options for navigator.credentials.create (a discoverable credential), and the ticket to send back with the answer. */
export async function beginPasskeyRegistration(user: {
  id: number
  uuid: string
  name: string
}): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; ticket: string }> {
  const rp = relyingParty()
  const existing = await db().userFactor.findMany({ where: { userId: user.id, kind: 'passkey' }, select: { credentialId: true, transports: true } })
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.name,
    userID: new TextEncoder().encode(user.uuid),
    attestationType: 'none',
    excludeCredentials: existing.filter((e) => e.credentialId).map((e) => ({ id: e.credentialId!, transports: transportsOf(e.transports) })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  })
  return { options, ticket: challengeTicket('register', user.id, options.challenge) }
}

/** Verifies the browser's answer and stores the passkey under `name`. Wrong or replayed: invalid_input. */
export async function finishPasskeyRegistration(userId: number, input: PasskeyRegistration, ctx: FactorContext = {}): Promise<void> {
  const challenge = await spendChallenge(input.ticket, 'register', userId)
  if (!challenge) throw new AuthError('invalid_input', { field: 'passkey', reason: 'challenge' })
  const rp = relyingParty()
  let info
  try {
    const r = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    })
    if (!r.verified) throw new Error('not verified')
    info = r.registrationInfo
  } catch (e) {
    log.info('passkey registration refused', { reason: e instanceof Error ? e.message : String(e) })
    throw new AuthError('invalid_input', { field: 'passkey', reason: 'verification' })
  }
  const id = newId()
  const name = input.name.trim().slice(0, FACTOR_NAME_MAX) || 'Passkey'
  await db().$transaction(async (tx) => {
    await tx.userFactor.create({
      data: {
        id,
        userId,
        kind: 'passkey',
        name,
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        transports: info.credential.transports?.join(',') ?? null,
        confirmedAt: new Date(),
      },
    })
    await audit({ kind: 'factor.enrolled', userId, client: ctx.client, ip: ctx.ip, detail: { factor: 'passkey', factorId: id, name } }, tx)
  })
}

/** Options for navigator.credentials.get: for `userId`'s passkeys (second step), or any discoverable one (userId 0). */
export async function beginPasskeyAuthentication(userId: number): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; ticket: string }> {
  const rp = relyingParty()
  const allow = userId
    ? (await db().userFactor.findMany({ where: { userId, kind: 'passkey' }, select: { credentialId: true, transports: true } }))
        .filter((e) => e.credentialId)
        .map((e) => ({ id: e.credentialId!, transports: transportsOf(e.transports) }))
    : undefined
  const options = await generateAuthenticationOptions({ rpID: rp.id, allowCredentials: allow, userVerification: 'preferred' })
  return { options, ticket: challengeTicket('authenticate', userId, options.challenge) }
}

/**
 * Checks a passkey answer: the user id whose passkey signed the challenge, or null. `userId` 0: any
 * user's (sign-in with a passkey alone); otherwise the credential must be theirs.
 */
async function checkAssertion(userId: number, input: PasskeyAssertion): Promise<number | null> {
  const challenge = await spendChallenge(input.ticket, 'authenticate', userId)
  if (!challenge) return null
  const row = await db().userFactor.findUnique({ where: { credentialId: input.response.id } })
  if (!row || row.kind !== 'passkey' || !row.publicKey || (userId && row.userId !== userId)) return null
  const rp = relyingParty()
  try {
    const r = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: { id: row.credentialId!, publicKey: Buffer.from(row.publicKey, 'base64url'), counter: row.counter, transports: transportsOf(row.transports) },
      requireUserVerification: false,
    })
    if (!r.verified) return null
    await db().userFactor.updateMany({ where: { id: row.id }, data: { counter: r.authenticationInfo.newCounter, lastUsedAt: new Date() } })
    return row.userId
  } catch (e) {
    log.info('passkey assertion refused', { reason: e instanceof Error ? e.message : String(e) })
    return null
  }
}

/** The second step of a sign-in with one of the user's passkeys. */
export async function verifyPasskeyAssertion(userId: number, input: PasskeyAssertion): Promise<boolean> {
  return (await checkAssertion(userId, input)) === userId
}

/** Sign-in with a passkey alone: the user id, or AuthError wrong_password (the same as any bad credentials). */
export async function authenticateWithPasskey(input: PasskeyAssertion, ctx: FactorContext = {}): Promise<number> {
  const userId = await checkAssertion(0, input)
  if (userId === null) {
    await audit({ kind: 'factor.failed', client: ctx.client, ip: ctx.ip, detail: { factor: 'passkey', reason: 'wrong' } })
    throw new AuthError('wrong_password')
  }
  await audit({ kind: 'factor.used', userId, client: ctx.client, ip: ctx.ip, detail: { factor: 'passkey', alone: true } })
  return userId
}
