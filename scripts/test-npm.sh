#!/usr/bin/env bash
# Packs pkg/ with npm as it would be published, installs the tarball into tests/npm (a
# scratch user project) and runs the node:test suites there against it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/out"
# The client tests start the test server (tests/npm/server.mjs runs this binary).
cargo build -q -p passbolt-test-server --manifest-path "$root/Cargo.toml"
tarball=$(cd "$root/out" && npm pack "$root/pkg" --silent 2>/dev/null | tail -n1)
cd "$root/tests/npm"
rm -rf node_modules
npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$root/out/$tarball"
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$root/out/npm-tests.tap" ./*.test.mjs
grep -E '^# (pass|fail) ' "$root/out/npm-tests.tap"
