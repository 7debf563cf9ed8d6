// A private MariaDB server for one test file (#22): Debian's mariadb-server (scripts/ensure-services.sh
// installs it), a fresh data directory, a free port, no grant tables (anyone on 127.0.0.1 may
// connect: the server lives only for the test). Stopped and deleted after the file.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mysql from 'mysql2/promise'
import { freePort } from '../ports'

export type MariaDb = {
  /** A URL for the database `name` (created empty). */
  database(name: string): Promise<string>
  /** Runs SQL (several statements allowed) in `db`. */
  exec(db: string, sql: string, params?: unknown[]): Promise<void>
  stop(): Promise<void>
}

const bin = (name: string) => [`/usr/sbin/${name}`, `/usr/bin/${name}`].find((p) => existsSync(p)) ?? name

export async function startMariaDb(): Promise<MariaDb> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'identity-mariadb-'))
  execFileSync(
    bin('mariadb-install-db'),
    ['--no-defaults', `--datadir=${dir}/data`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'],
    {
      stdio: 'ignore',
    },
  )
  const port = await freePort()
  const server: ChildProcess = spawn(
    bin('mariadbd'),
    [
      '--no-defaults',
      `--datadir=${dir}/data`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${dir}/sock`,
      `--pid-file=${dir}/pid`,
      '--user=root',
      '--skip-grant-tables',
      '--skip-log-bin',
      '--innodb-buffer-pool-size=32M',
      '--character-set-server=utf8mb4',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let log = ''
  server.stderr!.on('data', (d) => (log += String(d)))
  const base = `mysql://root@127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    try {
      const c = await mysql.createConnection({ uri: base })
      await c.end()
      break
    } catch (e) {
      if (i > 100 || server.exitCode !== null) throw new Error(`mariadbd did not start: ${String(e)}\n${log.slice(-2000)}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  return {
    async database(name) {
      const c = await mysql.createConnection({ uri: base })
      await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`)
      await c.end()
      return `${base}/${name}`
    },
    async exec(db, sql, params = []) {
      const c = await mysql.createConnection({ uri: `${base}/${db}`, multipleStatements: true })
      await c.query(sql, params)
      await c.end()
    },
    async stop() {
      server.kill('SIGTERM')
      await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A table definition from test/import/fixtures. */
export const fixture = (name: string): string => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')
