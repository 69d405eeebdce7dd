#!/usr/bin/env bash
# Copies the wasm package (pkg/, made by scripts/build-pkg.sh) into extension/pkg/, which is
# all the extension needs to be loaded unpacked: there is no bundler or other build step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/pkg"
dest="$root/extension/pkg"

missing=()
for f in passbolt_core.js passbolt_core_bg.wasm; do
  [ -f "$src/$f" ] || missing+=("pkg/$f")
done
if ((${#missing[@]})); then
  echo "build-extension: missing ${missing[*]}" >&2
  echo "build-extension: run 'bash scripts/build-pkg.sh' first (it builds the wasm package into pkg/)" >&2
  exit 1
fi

# Start from an empty folder so a stale module never outlives a rebuild.
rm -rf "$dest"
mkdir -p "$dest"
cp "$src/passbolt_core.js" "$src/passbolt_core_bg.wasm" "$dest/"
# Type declarations are for editors only; copy them when present.
for f in passbolt_core.d.ts passbolt_core_bg.wasm.d.ts; do
  [ -f "$src/$f" ] && cp "$src/$f" "$dest/"
done
echo "build-extension: extension/pkg/ ready ($(du -h "$dest/passbolt_core_bg.wasm" | cut -f1) wasm); load $root/extension unpacked"
