// Which routes each document describes: the same tables server.ts serves (lib/dialects/<name>/routes.ts,
// lib/http/standards/routes.ts), so a route added without its documentation fails contract.test.ts.
import type { RouteDef } from '../http/routes-types'
import { health } from '../http/health'
import { routes as standards } from '../http/standards/routes'
import { routes as thinksns } from '../dialects/thinksns/routes'
import { routes as hyperf } from '../dialects/hyperf/routes'
import { routes as flask } from '../dialects/flask/routes'
import { routes as rageframe } from '../dialects/rageframe/routes'
import type { DocumentName } from '.'

export const documentRoutes: Record<DocumentName, RouteDef[]> = {
  thinksns,
  hyperf,
  flask,
  rageframe,
  standards: [{ methods: ['GET'], pattern: '/api/health', handler: health }, ...standards],
}
