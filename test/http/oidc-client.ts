// Clients for the OpenID Connect tests, made as an operator would: `npm run oauth:client` (the
// script itself, over the running servers' database).
import { execFileSync } from 'node:child_process'
import path from 'node:path'

// Both runners (vitest, Playwright) start at the project root.
const root = process.cwd()

export function oauthClient(args: string[], env: Record<string, string | undefined> = {}): { id: string; secret?: string } {
  const out = execFileSync(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'scripts/oauth-client.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  })
  const id = /client_id=(\S+)/.exec(out)?.[1]
  if (!id) throw new Error(`no client id in: ${out}`)
  return { id, secret: /client_secret=(\S+)/.exec(out)?.[1] }
}
