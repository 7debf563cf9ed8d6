// Browser tests in Debian's Chromium (npx playwright install cannot download browsers here).
// E2E_BASE_URL set (scripts/test-http.sh): test that server; it must also give E2E_DATABASE_URL
// (or DATABASE_URL), the database the server uses, so specs can read codes from the outbox.
// Unset: start our own built app on port 3200 over a fresh temporary data folder (e2e/serve.sh).
import { defineConfig } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const external = process.env.E2E_BASE_URL
const port = 3200
// Worker processes inherit this process's environment: set once here, read by e2e/support.ts.
if (!external && !process.env.E2E_DATABASE_URL) {
  process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'identity-e2e-'))
  process.env.E2E_DATABASE_URL = `file:${path.join(process.env.E2E_DATA_DIR, 'identity.db')}`
}
process.env.E2E_DATABASE_URL ??= process.env.DATABASE_URL

// "localhost", not 127.0.0.1: Chromium lets http://localhost keep Secure cookies (next start runs in production mode).
const baseURL = external ?? `http://localhost:${port}`

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    // The pages speak the browser's language (#24). Specs that read English text run in en-US;
    // the language specs open their own zh-CN and en-US contexts.
    locale: 'en-US',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
  },
  webServer: external
    ? undefined
    : {
        command: 'bash e2e/serve.sh',
        url: `${baseURL}/api/health`,
        timeout: 600_000,
        reuseExistingServer: false,
        stdout: 'ignore',
        stderr: 'pipe',
        env: {
          PORT: String(port),
          DATA_DIR: process.env.E2E_DATA_DIR!,
          DATABASE_URL: process.env.E2E_DATABASE_URL!,
          PUBLIC_URL: baseURL,
          AUTH_SECRET: process.env.E2E_AUTH_SECRET ?? 'e2e-secret-0123456789-0123456789-0123456789',
          LOG_LEVEL: 'warn',
          // Every spec sends codes from one address: only the per-phone captcha threshold applies (e2e/captcha.spec.ts).
          CODE_CAPTCHA_AFTER_PER_IP: '100000',
          NEXT_TELEMETRY_DISABLED: '1',
        },
      },
})
