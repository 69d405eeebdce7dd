#!/usr/bin/env bash
# Runs a command with a fresh test server (tests/server) on a free port of 127.0.0.1, named in
# PASSBOLT_TEST_SERVER. With PAGE_ORIGIN set, the server allows that origin by CORS (the
# wasm-bindgen-test page in Chromium). The server is stopped when the command ends.
#   scripts/with-test-server.sh cargo test ... --test wasm_node
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build -q -p passbolt-test-server --manifest-path "$root/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$root/target}/debug/passbolt-test-server"
work=$(mktemp -d)
args=(--port 0 --port-file "$work/port" --seed "$root/tests/server/seed/seed.json")
if [ -n "${PAGE_ORIGIN:-}" ]; then args+=(--cors-origin "$PAGE_ORIGIN"); fi
"$bin" "${args[@]}" >"$work/log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  [ -s "$work/port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/log"; echo "the test server did not start" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/port" ] || { cat "$work/log"; echo "the test server wrote no port" >&2; exit 1; }
export PASSBOLT_TEST_SERVER="http://127.0.0.1:$(cat "$work/port")"
echo "test server: $PASSBOLT_TEST_SERVER" >&2
"$@"
