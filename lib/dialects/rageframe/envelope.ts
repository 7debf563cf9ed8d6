// RageFrame's answers (seed 004, reference §4): always HTTP 200, the real status in `code`.
import { json } from '../../http/handler'

export const ok = (data: unknown, message = 'OK') => json({ code: 200, message, data })

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Request Entity Too Large',
  422: 'Unprocessable entity', // Yii's Response::$httpStatuses (an UnprocessableEntityHttpException's name)
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

/**
 * A failure. Validation failures (422) carry `data: []`; HTTP exceptions carry Yii's exception
 * object `{name, message, code: 0, status}` (reference §4).
 */
export function failure(code: number, message: string, data: 'list' | 'object') {
  return json({
    code,
    message,
    data: data === 'list' ? [] : { name: STATUS_NAMES[code] ?? 'Error', message, code: 0, status: code },
  })
}
