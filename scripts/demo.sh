#!/usr/bin/env bash
# The whole demo from a fresh machine: set up, build the wasm package and the extension,
# then drive the extension popup in Chromium and print what it shows.
# Usage: bash scripts/demo.sh [path/to/key.asc]   (default: the Ada fixture public key)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

bash "$root/scripts/setup.sh"
bash "$root/scripts/build-pkg.sh"
bash "$root/scripts/build-extension.sh"
echo
# Not cd'ing to the repo keeps a relative key path meaningful to the caller.
node "$root/webdriver/demo.js" "$@"
