// Test helpers for the provider tests (not used by the service): a local HTTP server standing in
// for a provider's API, and a capture of the log lines written meanwhile.
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { config, setConfigForTests } from '../config'

export type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: string }
export type Reply = { status: number; body: string; contentType?: string } | 'hang'

/** A server on 127.0.0.1 (random port) answering each request with `answer`; `hang` never answers. */
export async function fakeApi(answer: (req: Seen) => Reply) {
  const seen: Seen[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      seen.push(r)
      const reply = answer(r)
      if (reply === 'hang') return
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json;charset=utf-8' })
      res.end(reply.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Runs `fn` with every log level on, returning what was written to stdout and stderr. */
export async function captureLogs<T>(fn: () => Promise<T>): Promise<{ result: T | Error; lines: string }> {
  const before = config()
  setConfigForTests({ ...before, LOG_LEVEL: 'debug' })
  let lines = ''
  const out = process.stdout.write.bind(process.stdout)
  const err = process.stderr.write.bind(process.stderr)
  const grab = (chunk: unknown) => {
    lines += String(chunk)
    return true
  }
  process.stdout.write = grab as typeof process.stdout.write
  process.stderr.write = grab as typeof process.stderr.write
  try {
    return { result: await fn().catch((e: Error) => e), lines }
  } finally {
    process.stdout.write = out
    process.stderr.write = err
    setConfigForTests(before)
  }
}
