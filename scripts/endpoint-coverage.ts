// After the vitest run (scripts/test-all.sh sets ENDPOINT_COVERAGE_DIR): every error kind an
// endpoint lists in its definition must have been answered by that endpoint in some test. A listed
// kind no test ever produced is a documented answer the handler may be unable to give (the
// Hyperf refresh once documented `refresh_expired` while php-jwt answers every expired jwt first).
//   tsx scripts/endpoint-coverage.ts <dir>
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { DIALECTS } from '../lib/dialects'
import { declaredKinds } from '../lib/dialects/contract'
import { endpoints as standards } from '../lib/http/standards/endpoints'

const dir = process.argv[2]
if (!dir) throw new Error('usage: endpoint-coverage <dir>')
const seen = new Map<string, Set<string>>()
for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
  const part = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, string[]>
  for (const [k, v] of Object.entries(part)) for (const x of v) (seen.get(k) ?? seen.set(k, new Set()).get(k)!).add(x)
}
const missing: string[] = []
for (const e of [...DIALECTS.flatMap((d) => d.endpoints), ...standards]) {
  const got = seen.get(e.operationId + ' ' + e.path) ?? new Set()
  for (const kind of declaredKinds(e)) if (!got.has(kind)) missing.push(`${e.methods.join('|')} ${e.path} (${e.operationId}): ${kind}`)
}
if (missing.length) {
  console.error(`Listed error kinds that no test made the endpoint answer (${missing.length}):\n  ${missing.join('\n  ')}`)
  process.exitCode = 1
} else console.log('every listed error kind of every endpoint was answered by a test')
