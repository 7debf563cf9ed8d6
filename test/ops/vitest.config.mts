import { defineConfig } from 'vitest/config'
import path from 'node:path'

// The operations tests (scripts/test-ops.sh): real nginx, PostgreSQL and server.ts processes of the
// built app. One file at a time: each starts its own servers, and two cores are all there is.
// Not matched by the default vitest run (their files end in .ops.ts, not .test.ts).
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname, '../..') } },
  test: {
    root: path.resolve(import.meta.dirname, '../..'),
    include: ['test/ops/**/*.ops.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
})
