// Request bodies of the RageFrame dialect (seed 004). Yii's `required` treats null and '' as
// missing; `group` defaults to app (SPEC §5.4) and must be one of the three groups. Only the first
// failing rule is reported, in rule order: username, password (or refresh_token), group.
import { z } from 'zod'
import { DEFAULT_GROUP, GROUPS } from './profile'

const required = z.string({ error: 'missing' }).min(1, 'missing')
const group = z
  .string({ error: 'invalid' })
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? DEFAULT_GROUP : v))
  .pipe(z.enum(GROUPS, { error: 'invalid' }))

export const loginSchema = z.object({ username: required, password: required, group })
export const refreshSchema = z.object({ refresh_token: required, group })
