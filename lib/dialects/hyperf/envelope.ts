// The Hyperf envelope (seed 002, SPEC §5.2): always {code, msg, status, data}. Failures carry
// `status: false` and `data: []` (PHP's empty array), as the real project's exception handlers do.
import { json } from '../../http/handler'

export function ok(data: unknown = []): Response {
  return json({ code: 200, msg: 'ok', status: true, data }, 200)
}

export function fail(code: number, msg: string, httpStatus = 200): Response {
  return json({ code, msg, status: false, data: [] }, httpStatus)
}
