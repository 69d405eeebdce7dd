#!/usr/bin/env bash
# Builds the npm package in pkg/: the web/bundler build (ES module, `await init()`) at the
# root and a Node build in pkg/node/, both optimised with the pinned npm binaryen wasm-opt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# npm binaryen first: Debian's wasm-opt 108 breaks wasm-bindgen 0.2.130 output.
export PATH="$root/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
for tool in wasm-pack wasm-bindgen wasm-opt; do
  command -v "$tool" >/dev/null || { echo "build-pkg: $tool not found; run 'bash scripts/setup.sh' first" >&2; exit 1; }
done
profile=${PROFILE:-release}
# PKG_OUT builds elsewhere (the profile comparison in tests/bench/profiles.sh uses it).
out=${PKG_OUT:-pkg}

build() { # target out-dir
  wasm-pack --quiet build crate --"$profile" --mode no-install --target "$1" \
    --out-dir "$root/$2" --out-name passbolt_core --no-pack 2>&1 |
    grep -v 'failed to get wasm-pack version' || true
  [ -f "$root/$2/passbolt_core_bg.wasm" ] || { echo "build-pkg: wasm-pack failed for $1" >&2; exit 1; }
  if [ "$profile" = release ]; then
    # SIMD: the X25519 pairs of crates/x25519-pair (every supported runtime has it).
    wasm-opt "${WASM_OPT_LEVEL:--O3}" --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$root/$2/passbolt_core_bg.wasm" -o "$root/$2/passbolt_core_bg.wasm"
  fi
}

rm -rf "$out"
build web "$out"
build nodejs "$out/node"
node scripts/pkg-manifest.mjs "$out"
raw=$(stat -c %s "$out/passbolt_core_bg.wasm")
gz=$(gzip -9 -c "$out/passbolt_core_bg.wasm" | wc -c)
echo "build-pkg: $out/ ready (wasm $raw bytes, $gz gzipped)"
