// Creates the first admin, or promotes an existing user to ADMIN.
//   npm run admin:create -- --name admin --password 'a-long-password' [--phone 138...] [--email a@b.c]
//   npm run admin:create -- --promote <name|email|phone>
import { PASSWORD_MAX } from '../lib/core/rules'
import { passwordProblem } from '../lib/core/password-policy'
import { parseArgs } from 'node:util'
import { config, ConfigError } from '../lib/config'
import { createUser, findUserByLogin } from '../lib/core/users'
import { assignRole, ensureBaseRoles, ROLE_ADMIN } from '../lib/core/roles'
import { audit } from '../lib/core/audit'
import { db } from '../lib/db'

async function main() {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      password: { type: 'string' },
      email: { type: 'string' },
      phone: { type: 'string' },
      promote: { type: 'string' },
    },
  })
  await ensureBaseRoles()
  let user
  if (values.promote) {
    user = await findUserByLogin(values.promote)
    if (!user) throw new Error(`no user "${values.promote}"`)
  } else {
    if (!values.name || !values.password) throw new Error('usage: --name NAME --password PASSWORD [--email E] [--phone P] | --promote LOGIN')
    const problem = passwordProblem(values.password)
    if (problem === 'too_short') throw new Error(`the admin password must have at least ${config().PASSWORD_MIN_LENGTH} characters (PASSWORD_MIN_LENGTH)`)
    if (problem === 'too_long') throw new Error(`the admin password must have at most ${PASSWORD_MAX} characters`)
    if (problem === 'too_common') throw new Error('the admin password is one of the most common passwords: choose another')
    user = await createUser({ name: values.name, password: values.password, email: values.email, phone: values.phone }, { client: 'cli' })
  }
  await assignRole(user.id, ROLE_ADMIN)
  await audit({ kind: 'role.assigned', userId: user.id, client: 'cli', detail: { role: ROLE_ADMIN } })
  console.log(`user ${user.id} (${user.name}) has role ${ROLE_ADMIN}`)
  await db().$disconnect()
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e instanceof Error ? e.message : e)
  process.exit(1)
})
