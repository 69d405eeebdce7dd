#!/usr/bin/env bash
# The test command (`make test`): set-up, build, then every suite; one summary line per
# suite and a total. Exits non-zero when any suite fails.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR=never
# A test run builds from scratch once: incremental caches would only fill the disk (a CI
# run on a machine short of space failed writing them).
export CARGO_INCREMENTAL=0
# Chromium leaves org.chromium.* folders in TMPDIR: keep them in a scratch folder.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export TMPDIR="$scratch"
mkdir -p out/logs
start_all=$SECONDS

bash scripts/setup.sh || { echo "suite setup: FAILED"; exit 1; }
bash scripts/build-pkg.sh || { echo "suite build-pkg: FAILED"; exit 1; }
bash scripts/build-extension.sh || { echo "suite build-extension: FAILED"; exit 1; }

summary=() total_pass=0 total_fail=0 failed_suites=0
# count_tests LOG: prints "passed failed" from cargo's and node's closing lines.
count_tests() {
  awk '/^test result: /{for(i=1;i<=NF;i++){if($i=="passed;")p+=$(i-1); if($i=="failed;")f+=$(i-1)}}
       /^# pass /{p+=$3} /^# fail /{f+=$3}
       END{print p+0, f+0}' "$1"
}
run_suite() { # name command...
  local name=$1 t0=$SECONDS status log="out/logs/$1.log"
  shift
  echo "=== suite $name: $*"
  "$@" >"$log" 2>&1
  status=$?
  read -r pass fail < <(count_tests "$log")
  total_pass=$((total_pass + pass)) total_fail=$((total_fail + fail))
  local result="passed"
  if [ "$status" -ne 0 ]; then
    result="FAILED (exit $status)"
    failed_suites=$((failed_suites + 1))
    tail -n 60 "$log"
  fi
  summary+=("suite $name: $result, $pass tests passed, $fail failed, $((SECONDS - t0))s (log: $log)")
  echo "${summary[-1]}"
}

wasm_env=(env CHROMEDRIVER=/usr/bin/chromedriver
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$root/webdriver/webdriver.json" WASM_BINDGEN_TEST_TIMEOUT=120)

run_suite rust-native cargo test --workspace --all-targets
run_suite rustfmt cargo fmt --all -- --check
run_suite clippy bash -c 'cargo clippy --workspace --all-targets -- -D warnings &&
  cargo clippy -p passbolt-core -p aes-swizzle -p x25519-pair --target wasm32-unknown-unknown --all-targets -- -D warnings'
# The wasm suites log in to a fresh test server (its URL is built into the suite). Chromium's
# test page gets a fixed free port so that the server can allow its origin by CORS.
page_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run_suite wasm-node "${wasm_env[@]}" bash scripts/with-test-server.sh \
  cargo test -p passbolt-core --target wasm32-unknown-unknown --test wasm_node
run_suite wasm-chromium "${wasm_env[@]}" PAGE_ORIGIN="http://127.0.0.1:$page_port" \
  WASM_BINDGEN_TEST_ADDRESS="127.0.0.1:$page_port" bash scripts/with-test-server.sh \
  cargo test -p passbolt-core --target wasm32-unknown-unknown --test wasm_browser
run_suite npm-package bash scripts/test-npm.sh
run_suite extension-e2e node --test --test-concurrency=1 webdriver/

echo
echo "=== summary ($((SECONDS - start_all))s)"
printf '%s\n' "${summary[@]}"
echo "total: $total_pass passed, $total_fail failed"
[ "$failed_suites" -eq 0 ] && [ "$total_fail" -eq 0 ]
