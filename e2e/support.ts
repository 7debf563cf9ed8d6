// What the specs share: the server's database (to read codes from the console outbox, as a
// developer would on /admin/outbox), fresh phone numbers and names, and page screenshots.
import { expect, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { randomBytes, randomInt } from 'node:crypto'

const DATABASE_URL = process.env.E2E_DATABASE_URL ?? ''

const ON_POSTGRES = /^postgres(ql)?:\/\//.test(DATABASE_URL)

/** Runs one statement on the server's database (`?` placeholders): the rows read, or none for a write. */
async function run<T>(sql: string, params: unknown[], mode: 'read' | 'write'): Promise<T[]> {
  if (ON_POSTGRES) {
    const { default: pg } = await import('pg')
    const client = new pg.Client({ connectionString: DATABASE_URL })
    await client.connect()
    try {
      const text = sql.replace(/\?/g, (_, i: number, s = sql) => `$${s.slice(0, i).split('?').length}`)
      return (await client.query(text, params)).rows as T[]
    } finally {
      await client.end()
    }
  }
  if (!DATABASE_URL.startsWith('file:')) throw new Error('E2E_DATABASE_URL (or DATABASE_URL) must name the server database')
  const { default: Database } = await import('better-sqlite3')
  const file = DATABASE_URL.slice('file:'.length).split('?')[0]
  const db = mode === 'read' ? new Database(file, { readonly: true, fileMustExist: true }) : new Database(file, { fileMustExist: true, timeout: 10_000 })
  try {
    if (mode === 'read') return db.prepare(sql).all(...params) as T[]
    db.prepare(sql).run(...params)
    return []
  } finally {
    db.close()
  }
}

const query = <T>(sql: string, params: unknown[]) => run<T>(sql, params, 'read')

/** Writes to the server's database, as time passing would (ageing sessions or codes). */
export async function execute(sql: string, params: unknown[]): Promise<void> {
  await run(sql, params, 'write')
}

/** A moment `ms` ago, written as the server's Prisma adapter writes dates (lib/sql.ts sqlDate). */
export function dbDateAgo(ms: number): string {
  const iso = new Date(Date.now() - ms).toISOString()
  return ON_POSTGRES ? iso.replace('T', ' ').replace('Z', '') : iso.replace('Z', '+00:00')
}

/** The newest code sent to a phone number or email address (console provider's outbox). */
export async function latestCode(recipient: string, purpose?: string): Promise<string> {
  let body: string | undefined
  await expect
    .poll(
      async () => {
        const rows = await query<{ body: string }>(
          `SELECT body FROM "OutboxMessage" WHERE recipient = ?${purpose ? ' AND purpose = ?' : ''} ORDER BY id DESC LIMIT 1`,
          purpose ? [recipient, purpose] : [recipient],
        )
        body = rows[0]?.body
        return body ?? null
      },
      { message: `a message to ${recipient} in the outbox` },
    )
    .not.toBeNull()
  const m = /\b(\d{6})\b/.exec(body!)
  if (!m) throw new Error(`no 6-digit code in the message to ${recipient}`)
  return m[1]
}

/** A fresh mainland mobile number. */
export function newPhone(): string {
  return `137${String(randomInt(0, 1e8)).padStart(8, '0')}`
}

/** A fresh name that passes every dialect's rules. */
export function newName(prefix = 'e2e'): string {
  return `${prefix}_${randomBytes(3).toString('hex')}`
}

/** Letters, digits and _ only: the Hyperf dialect accepts nothing else (reference §2). */
export const PASSWORD = 'pass_word_123'

/** Saves the page at 1280 px and 360 px wide under e2e/artifacts/, and checks nothing overflows at 360. */
export async function screenshots(page: Page, name: string): Promise<void> {
  const dir = path.join(__dirname, 'artifacts')
  mkdirSync(dir, { recursive: true })
  const before = page.viewportSize()
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.screenshot({ path: path.join(dir, `${name}-1280.png`), fullPage: true })
  await page.setViewportSize({ width: 360, height: 740 })
  await page.screenshot({ path: path.join(dir, `${name}-360.png`), fullPage: true })
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow, `${name} is wider than 360 px`).toBeLessThanOrEqual(0)
  if (before) await page.setViewportSize(before)
}

/** Signs up by phone through the pages; returns the account's details, signed in on /account. */
export async function signUpWithPhone(page: Page, opts: { shots?: boolean } = {}) {
  const phone = newPhone()
  const name = newName()
  await page.goto('/sign-up')
  if (opts.shots) await screenshots(page, 'sign-up')
  await page.getByLabel('Phone number').fill(phone)
  await page.getByRole('button', { name: 'Send code' }).click()
  await expect(page).toHaveURL(/\/verify\?/)
  await expect(page.getByRole('button', { name: /Send again in \d+ s/ })).toBeDisabled()
  if (opts.shots) await screenshots(page, 'verify-code')
  const code = await latestCode(phone, 'register')
  await page.getByLabel('6-digit code').fill(code)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByLabel('Name')).toBeVisible()
  if (opts.shots) await screenshots(page, 'verify-details')
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByLabel('Password again').fill(PASSWORD)
  await page.getByRole('checkbox', { name: /I have read and agree/ }).check()
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByTestId('profile-name')).toHaveText(name)
  return { phone, name, password: PASSWORD }
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).first().click()
  await expect(page).toHaveURL(/\/sign-in/)
}

export async function signInWithPassword(page: Page, login: string, password: string): Promise<void> {
  await page.goto('/sign-in')
  await page.getByLabel('Name, email or phone number').fill(login)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).last().click()
}

/**
 * Moves a user's browser sessions back in time, as waiting would: `usedMinutesAgo` (last use, for
 * the idle limits) and `authMinutesAgo` (the sign-in, for re-authentication). Dates are written as
 * the server's Prisma adapter writes them (lib/sql.ts sqlDate).
 */
export async function ageBrowserSessions(userName: string, by: { usedMinutesAgo?: number; authMinutesAgo?: number }): Promise<void> {
  const sets: string[] = []
  const params: unknown[] = []
  if (by.usedMinutesAgo !== undefined) {
    sets.push('"lastUsedAt" = ?')
    params.push(dbDateAgo(by.usedMinutesAgo * 60_000))
  }
  if (by.authMinutesAgo !== undefined) {
    sets.push('"authAt" = ?')
    params.push(dbDateAgo(by.authMinutesAgo * 60_000))
  }
  params.push(userName)
  await execute(
    `UPDATE "Session" SET ${sets.join(', ')} WHERE client = 'browser' AND "revokedAt" IS NULL AND "userId" = (SELECT id FROM "User" WHERE name = ?)`,
    params,
  )
  // The server may answer from its session cache for up to SESSION_CACHE_MS (default 1000) after
  // its last read: wait that out, as a person coming back later would, so the next request sees the row.
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.SESSION_CACHE_MS ?? 1000) + 200))
}

/** The messages of one kind (purpose) sent to a recipient through the console provider, oldest first. */
export async function outbox(recipient: string, purpose: string): Promise<{ body: string }[]> {
  return query<{ body: string }>(`SELECT body FROM "OutboxMessage" WHERE recipient = ? AND purpose = ? ORDER BY id`, [recipient, purpose])
}

/** A session's end reason, newest browser session of the user first. */
export async function browserSessionEndReason(userName: string): Promise<string | null> {
  const rows = await query<{ revokeReason: string | null }>(
    `SELECT "revokeReason" FROM "Session" WHERE client = 'browser' AND "userId" = (SELECT id FROM "User" WHERE name = ?) ORDER BY "createdAt" DESC LIMIT 1`,
    [userName],
  )
  return rows[0]?.revokeReason ?? null
}
