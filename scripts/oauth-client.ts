// Clients of /oauth/introspect and /oauth/revoke (docs/standards.md).
//   npm run oauth:client -- --name billing     prints a new client id and secret (shown once)
//   npm run oauth:client -- --list
//   npm run oauth:client -- --delete <id>
import { parseArgs } from 'node:util'
import { ConfigError } from '../lib/config'
import { db } from '../lib/db'
import { createOAuthClient, deleteOAuthClient, listOAuthClients } from '../lib/core/oauth-clients'

async function main() {
  const { values } = parseArgs({ options: { name: { type: 'string' }, list: { type: 'boolean', default: false }, delete: { type: 'string' } } })
  if (values.list) {
    for (const c of await listOAuthClients()) console.log(`${c.id}  ${c.name}  created ${c.createdAt.toISOString()}`)
    return
  }
  if (values.delete) {
    console.log((await deleteOAuthClient(values.delete)) ? `deleted ${values.delete}` : `no client ${values.delete}`)
    return
  }
  if (!values.name) throw new Error('usage: --name NAME | --list | --delete ID')
  const c = await createOAuthClient(values.name)
  // The secret is stored only as a hash: this is the one time it can be read.
  console.log(`client_id=${c.id}\nclient_secret=${c.secret}`)
}

main()
  .catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e instanceof Error ? e.message : e)
    process.exitCode = 1
  })
  .finally(() => db().$disconnect())
