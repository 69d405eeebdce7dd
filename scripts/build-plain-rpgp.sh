#!/usr/bin/env bash
# Builds the plain-rPGP reference of the benchmarks (tests/bench/plain-rpgp, rPGP 0.21 used
# directly, no code of ours) into out/plain-rpgp for Node: the same release profile and
# wasm-opt -O3 as our package. Not part of the tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$root/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
target="$root/target/plain-rpgp"
(cd "$root/tests/bench/plain-rpgp" &&
  CARGO_TARGET_DIR="$target" cargo build --locked --release --target wasm32-unknown-unknown)
rm -rf "$root/out/plain-rpgp"
wasm-bindgen --target nodejs --out-dir "$root/out/plain-rpgp" \
  "$target/wasm32-unknown-unknown/release/plain_rpgp_bench.wasm"
wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$root/out/plain-rpgp/plain_rpgp_bench_bg.wasm" -o "$root/out/plain-rpgp/plain_rpgp_bench_bg.wasm"
# wasm-bindgen's nodejs output is CommonJS; the repository's package.json says "module".
echo '{"type": "commonjs"}' > "$root/out/plain-rpgp/package.json"
echo "build-plain-rpgp: out/plain-rpgp ready"
