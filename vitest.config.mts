import { defineConfig } from 'vitest/config'
import path from 'node:path'

// TEST_DATABASE=postgres runs the same suite against PostgreSQL (TEST_PG_URL, a superuser URL):
// each test file gets a fresh database either way (test/setup.ts).
export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname) } },
  test: {
    include: ['lib/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    // test/http/*.http.test.ts run against the built app (scripts/test-http.sh), not here.
    exclude: ['test/http/**', 'node_modules/**', 'e2e/**'],
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
})
