#!/usr/bin/env bash
# Benchmark (not a test): builds the package with several release profiles and reports the
# wasm size (raw, gzipped) and the key_info.mjs timings of each, to choose the profile.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mkdir -p out/profiles
for spec in "O3:3:-O3" "Os:s:-Os" "Oz:z:-Oz"; do
  IFS=: read -r name level wasm_opt <<<"$spec"
  dir="out/profiles/$name"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$level WASM_OPT_LEVEL=$wasm_opt PKG_OUT="$dir" \
    bash scripts/build-pkg.sh
  node tests/bench/key_info.mjs "$dir" "out/profiles/$name.json"
  node tests/bench/node.mjs --pkg "$dir" --only decrypt --messages 100 --out "out/profiles/decrypt-$name.json"
done
