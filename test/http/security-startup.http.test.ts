// Issue #21 items 1 and 12 against the real start command (server.ts, what `npm start` runs): in
// production it refuses to start with the console provider (codes in API answers) or a short
// legacy JWT secret, naming the setting, unless the operator allowed it; then it warns and serves.
// Each case starts its own server.ts on the test database (scripts/test-http.sh's environment).
import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { freePort } from '../ports'

const ready = Boolean(process.env.HTTP_FAST_URL)

/** Starts server.ts with `env` over the test environment; resolves when it exits or answers its health probe. */
async function start(env: Record<string, string | undefined>): Promise<{ exited: number | null; output: string; health?: number }> {
  const port = await freePort()
  const merged: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k]
    else merged[k] = v
  }
  const child = spawn('node_modules/.bin/tsx', ['server.ts'], { env: merged })
  let output = ''
  child.stdout.on('data', (b) => (output += b))
  child.stderr.on('data', (b) => (output += b))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  try {
    for (let i = 0; i < 240; i++) {
      const done = await Promise.race([exited, new Promise((r) => setTimeout(() => r('running'), 250))])
      if (done !== 'running') return { exited: done as number | null, output }
      const health = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.status,
        () => undefined,
      )
      if (health === 200) return { exited: null, output, health }
    }
    throw new Error(`server.ts neither started nor stopped:\n${output}`)
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

describe.skipIf(!ready)('start-up refusals in production (#21 items 1, 12)', () => {
  it('the console provider without ALLOW_CONSOLE_PROVIDER: refused, naming the settings', async () => {
    const r = await start({ ALLOW_CONSOLE_PROVIDER: undefined, SMS_PROVIDER: 'console', MAIL_PROVIDER: 'console' })
    expect(r.exited).not.toBe(0)
    expect(r.exited).not.toBeNull()
    expect(r.output).toContain('SMS_PROVIDER')
    expect(r.output).toContain('ALLOW_CONSOLE_PROVIDER')
  })

  it('with ALLOW_CONSOLE_PROVIDER=true it serves, and warns', async () => {
    const r = await start({ ALLOW_CONSOLE_PROVIDER: 'true', SMS_PROVIDER: 'console', MAIL_PROVIDER: 'console' })
    expect(r.health).toBe(200)
    expect(r.output).toContain('console provider in production')
  })

  it('a legacy JWT secret shorter than 32 bytes: refused, naming it; allowed with ALLOW_SHORT_LEGACY_JWT_SECRET=true, with a warning', async () => {
    const refused = await start({ HYPERF_JWT_KEY: 'short-old-key', ALLOW_SHORT_LEGACY_JWT_SECRET: undefined })
    expect(refused.exited).not.toBeNull()
    expect(refused.exited).not.toBe(0)
    expect(refused.output).toContain('HYPERF_JWT_KEY')
    const allowed = await start({ HYPERF_JWT_KEY: 'short-old-key', ALLOW_SHORT_LEGACY_JWT_SECRET: 'true' })
    expect(allowed.health).toBe(200)
    expect(allowed.output).toContain('HYPERF_JWT_KEY')
  })
})
