import next from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

const config = [
  ...next,
  ...nextTs,
  {
    ignores: ['node_modules/**', '.next/**', 'lib/generated/**', 'data/**', 'e2e/artifacts/**', 'bench/results/**', 'next-env.d.ts'],
  },
  {
    rules: {
      // Unused arguments named _x are deliberate (handler signatures, destructuring to drop a key).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The core is the inner layer: the dialects, HTTP and providers call it, never the reverse, and
    // `server.ts` and the tests load it outside Next (where `server-only` throws on import). Tests
    // may wire fakes from anywhere (a test provider).
    files: ['lib/core/**/*.ts'],
    ignores: ['lib/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'server-only', message: 'lib/core runs outside Next too (server.ts, tests).' }],
          patterns: [
            { regex: '^next(/|$)', message: 'lib/core imports nothing from Next: cookies(), headers() and redirect() belong in pages, actions and lib/auth.' },
            {
              regex: '^(@/lib/|(\\./)?(\\.\\./)+(lib/)?)(dialects|providers|http)(/|$)',
              message: 'lib/core must not depend on the dialects, HTTP or providers: take what you need as a parameter.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read JSON bodies of many shapes.
    files: ['**/*.test.ts', 'test/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
]

export default config
