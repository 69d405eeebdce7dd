#!/usr/bin/env bash
# Regenerates the test server's seed (seed.json, contents.json, keys.json, keys/) with GnuPG.
# The outputs are committed: test runs never call this. `--reuse-keys` keeps the keys in
# keys/ (RSA-4096 generation is slow) and re-encrypts every secret, metadata and bundle.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../../.."
cargo run --quiet -p passbolt-test-server --bin make-seed -- "$here" "$@"
