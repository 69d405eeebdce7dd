// Benchmark (not a test): every performance.md row, our built package against OpenPGP.js
// 6.3.2 in this Node process. Usage (after `make pkg`):
//   node tests/bench/node.mjs [--messages N] [--rounds N] [--rsa-generations N] [--only TEXT] [--out FILE] [--pkg DIR]
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as openpgp from "openpgp";
import { runSuite, formatTable } from "./suite.mjs";
import { benchKeys, parseArgs } from "./inputs.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = parseArgs(process.argv.slice(2));
const pkgDir = resolve(args.pkg ?? join(repo, "pkg"));
const core = await import(pathToFileURL(join(pkgDir, "node", "index.mjs")));
await core.default();
const { DecryptPool } = await import(pathToFileURL(join(pkgDir, "node", "pool.mjs")));
const read = (path) => readFileSync(join(repo, path), "utf8");
const rows = await runSuite({ core, pool: DecryptPool, openpgp, keys: benchKeys(read), options: args, log: (t) => console.error(t) });
const runtime = `Node ${process.version}`;
console.log(formatTable(`${runtime}: ours (passbolt-core) vs OpenPGP.js 6.3.2, ms per operation, medians`, rows));
const out = args.out ?? join(repo, "out", "bench-node.json");
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ runtime, pkg: pkgDir, date: new Date().toISOString(), options: args, rows }, null, 2) + "\n");
console.error(`wrote ${out}`);
