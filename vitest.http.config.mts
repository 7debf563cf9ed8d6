import { defineConfig } from 'vitest/config'
import path from 'node:path'

// Tests over real HTTP against the built app, run by scripts/test-http.sh with both base URLs in the
// environment (HTTP_NEXT_URL: `next start` alone; HTTP_FAST_URL: server.ts). No test/setup.ts: the
// servers own the database.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['test/http/**/*.http.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
})
