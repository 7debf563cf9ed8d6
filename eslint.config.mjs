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
    // Tests read JSON bodies of many shapes.
    files: ['**/*.test.ts', 'test/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
]

export default config
