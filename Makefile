# The two commands of the README. Both run scripts/setup.sh first (idempotent).
.PHONY: bench-plain test demo setup pkg extension bench-size bench

## Set-up, build, then every test suite with one summary line each.
test:
	bash scripts/test.sh

## Build the package and the extension, run the extension on a sample key in Chromium.
demo:
	bash scripts/demo.sh $(KEY)

setup:
	bash scripts/setup.sh

pkg: setup
	bash scripts/build-pkg.sh

extension: pkg
	bash scripts/build-extension.sh

bench: pkg
	node tests/bench/node.mjs
	node tests/bench/chromium.mjs

bench-plain: pkg
	bash scripts/build-plain-rpgp.sh
	node tests/bench/plain.mjs
