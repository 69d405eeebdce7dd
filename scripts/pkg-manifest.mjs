// Writes pkg/package.json (the published manifest) and pkg/node/index.mjs, the Node entry
// that gives Node the same API as the browser build (a no-op `init`).
import { readFileSync, writeFileSync, rmSync, copyFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const cargo = readFileSync(new URL("../crate/Cargo.toml", import.meta.url), "utf8");
const field = (name) => cargo.match(new RegExp(`^${name} = "(.*)"`, "m"))?.[1];

// The package folder: the first argument, pkg/ by default.
const root = pathToFileURL(resolve(process.argv[2] ?? new URL("../pkg", import.meta.url).pathname) + "/");
const at = (path) => new URL(path, root);

// The decryption pool (crate/js): its source file -> its place in the package.
const POOL_FILES = {
  "pool.js": "pool.js",
  "pool.d.ts": "pool.d.ts",
  "pool_scheduler.js": "pool_scheduler.js",
  "pool_handler.js": "pool_handler.js",
  "pool_worker.js": "pool_worker.js",
  "pool_node.mjs": "node/pool.mjs",
  "pool_worker_node.mjs": "node/pool_worker.mjs",
};

const manifest = {
  name: "passbolt-core",
  version: field("version"),
  description: field("description"),
  license: "AGPL-3.0-or-later",
  repository: { type: "git", url: "https://example.invalid/passbolt-core.git" },
  keywords: ["passbolt", "openpgp", "pgp", "wasm", "password-manager", "encryption"],
  type: "module",
  main: "./node/index.mjs",
  module: "./passbolt_core.js",
  types: "./passbolt_core.d.ts",
  exports: {
    ".": {
      types: "./passbolt_core.d.ts",
      node: "./node/index.mjs",
      default: "./passbolt_core.js",
    },
    "./pool": {
      types: "./pool.d.ts",
      node: "./node/pool.mjs",
      default: "./pool.js",
    },
    "./passbolt_core_bg.wasm": "./passbolt_core_bg.wasm",
    "./package.json": "./package.json",
  },
  files: [
    "passbolt_core.js",
    "passbolt_core.d.ts",
    "passbolt_core_bg.wasm",
    "passbolt_core_bg.wasm.d.ts",
    "node/passbolt_core.js",
    "node/passbolt_core_bg.wasm",
    "node/index.mjs",
    "node/package.json",
    ...Object.values(POOL_FILES),
  ],
  sideEffects: ["./passbolt_core.js", "./node/index.mjs"],
  engines: { node: ">=18" },
};
writeFileSync(at("package.json"), JSON.stringify(manifest, null, 2) + "\n");
// The Node build is CommonJS; mark its folder so Node does not read it as an ES module.
writeFileSync(at("node/package.json"), '{ "type": "commonjs" }\n');
writeFileSync(
  at("node/index.mjs"),
  `// Node entry: the wasm module is compiled synchronously on import, so init() has
// nothing left to do; it exists so the same code runs in Node and in the browser.
export * from "./passbolt_core.js";
export default async function init() {}
export function initSync() {}
`,
);
for (const extra of ["node/passbolt_core.d.ts", "node/passbolt_core_bg.wasm.d.ts", ".gitignore", "node/.gitignore"]) {
  rmSync(at(extra), { force: true });
}
for (const [source, target] of Object.entries(POOL_FILES)) {
  copyFileSync(new URL(`../crate/js/${source}`, import.meta.url), at(target));
}
