// `npm run import -- --file users.jsonl` (#22): any other system's users in the documented JSON
// Lines format; the JSON Schema (docs/import-users.schema.json) and the importer's rules agree.
import { describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { db } from '@/lib/db'
import { runImport } from '@/lib/import/run'
import { jsonlUser } from '@/lib/import/types'
import { hashPassword } from '@/lib/core/passwords'
import { authenticateWithPassword } from '@/lib/core/users'
import { md5Hex, phpBcrypt } from './legacy-hashes'

const dir = mkdtempSync(path.join(os.tmpdir(), 'identity-jsonl-'))
const schemaFile = path.resolve(__dirname, '../../docs/import-users.schema.json')

describe('JSON Lines import', () => {
  it('imports valid lines, skips bad ones with their line number, and changes nothing on a second run', async () => {
    const [bcrypt] = phpBcrypt(['Jl_pass_one1'], 10)
    const argon = await hashPassword('Jl_pass_argon1')
    const lines = [
      {
        id: 9001,
        name: 'jl_bcrypt',
        email: 'JL1@Example.com',
        email_verified: true,
        phone: '+86 137 0000 9001',
        phone_verified: true,
        roles: ['editor'],
        password: { algorithm: 'bcrypt', hash: bcrypt },
        created_at: '2024-05-01T08:00:00Z',
      },
      { id: 'u-77', name: 'jl_md5', password: { algorithm: 'md5', hash: md5Hex('Jl_pass_md5') }, admin: true },
      { id: 9003, name: 'jl_argon', phone: '13700009001', password: { algorithm: 'argon2', hash: argon } },
      { id: 9004, name: 'jl_wrongalg', password: { algorithm: 'bcrypt', hash: md5Hex('x') }, status: 'disabled' },
      'not json {',
      { id: 9006, name: 'jl_extra', shoe_size: 44 },
      { id: 9007, name: '' },
    ]
    const file = path.join(dir, 'users.jsonl')
    writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n\n')
    const reportFile = path.join(dir, 'report.jsonl')

    const dry = await runImport({ system: 'crm', file, reportFile: path.join(dir, 'dry.jsonl'), dryRun: true })
    expect(dry.counts).toMatchObject({ created: 4, skipped: 3 })
    expect(await db().legacyAccount.count({ where: { system: 'crm' } })).toBe(0)

    const s = await runImport({ system: 'crm', file, reportFile, batchSize: 3 })
    expect({ read: s.read, ...s.counts }).toEqual({ read: 7, created: 4, updated: 0, merged: 0, unchanged: 0, skipped: 3 })
    const report = readFileSync(reportFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(report).toEqual(
      expect.arrayContaining([
        { system: 'crm', legacyId: 'line 5', outcome: 'skipped', reason: 'invalid_json' },
        expect.objectContaining({ legacyId: 'line 6', outcome: 'skipped', reason: expect.stringMatching(/^invalid_line/) }),
        expect.objectContaining({ legacyId: 'line 7', outcome: 'skipped', reason: expect.stringMatching(/^invalid_line: name/) }),
        { system: 'crm', legacyId: '9003', outcome: 'field_dropped', field: 'phone', reason: 'phone_duplicate' },
        { system: 'crm', legacyId: '9004', outcome: 'field_dropped', field: 'password', reason: 'password_format_unknown' },
      ]),
    )
    expect(await db().user.findUniqueOrThrow({ where: { id: 9001 } })).toMatchObject({
      email: 'jl1@example.com',
      phone: '13700009001',
      createdAt: new Date('2024-05-01T08:00:00Z'),
    })
    expect(await db().user.findUniqueOrThrow({ where: { id: 9004 } })).toMatchObject({ status: 'disabled', passwordHash: null })
    const md5User = await db().legacyAccount.findUniqueOrThrow({
      where: { system_legacyId: { system: 'crm', legacyId: 'u-77' } },
      include: { user: { include: { roles: { include: { role: true } } } } },
    })
    expect(md5User.user.roles.map((r) => r.role.name).sort()).toEqual(['ADMIN', 'USER'])

    expect((await authenticateWithPassword('jl_bcrypt', 'Jl_pass_one1')).id).toBe(9001)
    expect((await authenticateWithPassword('jl_md5', 'Jl_pass_md5')).id).toBe(md5User.userId)
    expect((await authenticateWithPassword('jl_argon', 'Jl_pass_argon1')).id).toBe(9003)

    const again = await runImport({ system: 'crm', file, reportFile: path.join(dir, 'again.jsonl') })
    expect(again.counts).toEqual({ created: 0, updated: 0, merged: 0, unchanged: 4, skipped: 3 })
  })

  it('the JSON Schema is the importer’s rules, and accepts and refuses the same lines', () => {
    const committed = JSON.parse(readFileSync(schemaFile, 'utf8'))
    const { title, description, ...rest } = committed
    expect(title).toBeTruthy()
    expect(description).toBeTruthy()
    expect(rest).toEqual(z.toJSONSchema(jsonlUser, { io: 'input', unrepresentable: 'any' }))
    const ajv = new Ajv2020({ strict: false })
    addFormats(ajv)
    const validate = ajv.compile(committed)
    const samples: unknown[] = [
      { id: 1, name: 'a' },
      { id: '1', name: 'a', password: { algorithm: 'scrypt', hash: 'scrypt:32768:8:1$s$00' }, created_at: '2024-01-01' },
      { id: 0, name: 'a' },
      { id: 1, name: 'a', status: 'banned' },
      { id: 1, name: 'a', password: { algorithm: 'sha1', hash: 'x' } },
      { id: 1, name: 'a', extra: true },
      { id: 1, name: 'a', uuid: 'not-a-uuid' },
      { id: 1, name: 'a', created_at: 'yesterday' },
      { name: 'a' },
    ]
    for (const s of samples) expect([s, validate(s)]).toEqual([s, jsonlUser.safeParse(s).success])
  })
})
