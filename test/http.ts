// Helpers for calling handler functions directly with a Request, as real clients would send it.
export const BASE = 'http://localhost:3000'

export function jsonRequest(path: string, body: unknown, init: RequestInit & { headers?: Record<string, string> } = {}): Request {
  return new Request(BASE + path, {
    method: init.method ?? 'POST',
    ...init,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '127.0.0.1', ...(init.headers ?? {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

export function formRequest(path: string, fields: Record<string, string>, init: RequestInit & { headers?: Record<string, string> } = {}): Request {
  return new Request(BASE + path, {
    method: init.method ?? 'POST',
    ...init,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '127.0.0.1', ...(init.headers ?? {}) },
    body: new URLSearchParams(fields).toString(),
  })
}

export function getRequest(path: string, headers: Record<string, string> = {}, method = 'GET'): Request {
  return new Request(BASE + path, { method, headers: { 'x-forwarded-for': '127.0.0.1', ...headers } })
}

export async function call(handler: (r: Request) => Promise<Response>, req: Request): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const res = await handler(req)
  const text = await res.text()
  let body: unknown = undefined
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  return { status: res.status, body, text, headers: res.headers }
}
