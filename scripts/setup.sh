#!/usr/bin/env bash
# Idempotent set-up for a fresh machine of this kind (Debian 12, rustup, Node 20).
# Installs everything the build and the test suites need; a second run takes seconds.
# See ../shared/toolchain.md for the traps each step avoids.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
log() { printf '[setup] %s\n' "$*"; }

# 1. Debian packages: Chromium + its driver for browser tests, GnuPG for interop tests.
#    Never binaryen from apt: its wasm-opt 108 breaks wasm-bindgen 0.2.130 output.
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v gpg >/dev/null || need_apt+=(gnupg)
command -v gzip >/dev/null || need_apt+=(gzip)
if ((${#need_apt[@]})); then
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
if [ -x /usr/bin/wasm-opt ] && /usr/bin/wasm-opt --version 2>/dev/null | grep -q 'version 10[0-9]'; then
  log "WARNING: /usr/bin/wasm-opt (Debian binaryen) is present; the build uses npm binaryen instead"
fi

# 2. Rust wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 3. wasm-bindgen CLI at exactly the version in Cargo.lock (the test runner must match too).
wbg_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$cargo_bin:$PATH"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  log "installing wasm-bindgen-cli $wbg_version (takes ~4 min)"
  # Its own lockfile pins a webpki-roots release the registry mirror lacks, so
  # unpack the registry's .crate, re-pin that one crate, and install --locked.
  if ! cargo install wasm-bindgen-cli --version "=$wbg_version" --locked --force 2>/tmp/wbg-install.log; then
    crate_file=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/wasm-bindgen-cli-"$wbg_version".crate | head -n1)
    work=$(mktemp -d)
    tar -xzf "$crate_file" -C "$work"
    (cd "$work/wasm-bindgen-cli-$wbg_version" &&
      cargo update -p webpki-roots --precise 1.0.10 &&
      cargo install --path . --locked --force)
    rm -rf "$work"
  fi
fi

# 4. wasm-pack (the npm package of that name downloads from GitHub, so build it).
wp_version=0.15.1
if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$wp_version" ]; then
  log "installing wasm-pack $wp_version (takes ~3 min)"
  cargo install wasm-pack --version "=$wp_version" --locked --force
fi

# 5. npm devDependencies from the committed package-lock.json (binaryen's wasm-opt,
#    selenium-webdriver, openpgp for cross-checks). Skipped when already in sync.
stamp=node_modules/.passbolt-setup-stamp
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$(sha256sum package-lock.json)" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json >"$stamp"
fi
log "ready: $(wasm-bindgen --version), $(wasm-pack --version), node $(node --version), $(gpg --version | head -n1), $(chromium --version 2>/dev/null)"
