// Writes the one catch-all route.ts per dialect prefix that Next's file router needs
// (app/<prefix>/[[...path]]/route.ts), from lib/dialects/index.ts. Run after adding a dialect:
//   npm run routes:generate
// lib/dialects/dialects.test.ts fails, naming the file, when one is missing or differs.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { DIALECTS } from '../lib/dialects'
import { routeFilesFor } from '../lib/dialects/check'

const root = path.resolve(__dirname, '..')
for (const { path: file, content } of DIALECTS.flatMap(routeFilesFor)) {
  const full = path.join(root, file)
  if (existsSync(full) && readFileSync(full, 'utf8') === content) continue
  mkdirSync(path.dirname(full), { recursive: true })
  writeFileSync(full, content)
  console.log(`wrote ${file}`)
}
