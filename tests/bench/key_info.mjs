// Benchmark (not a test): keyInfo and parseEnvelope of the built package against OpenPGP.js
// 6.3.2 reading the same keys and the same facts (primary user, expiry, revocation, subkeys), in one Node process, interleaved; medians over rounds.
// Usage: node tests/bench/key_info.mjs [path/to/pkg] [out.json]
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as openpgp from "openpgp";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pkgDir = resolve(process.argv[2] ?? join(repo, "pkg"));
const out = process.argv[3] ?? join(repo, "out", "bench-key-info.json");
const core = await import(pathToFileURL(join(pkgDir, "node", "index.mjs")));
await core.default();

const key = (f) => readFileSync(join(repo, "tests/vectors/fixtures/keys", f), "utf8");
const envelope = readFileSync(join(repo, "tests/vectors/fixtures/api/resources_index.json"), "utf8");
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];

// What keyInfo returns, the OpenPGP.js way: like ours, these calls verify self-signatures.
async function openpgpjsKeyInfo(armored) {
  const key = await openpgp.readKey({ armoredKey: armored });
  const info = {
    fingerprint: key.getFingerprint(), algo: key.getAlgorithmInfo(), created: key.getCreationTime(),
    uid: (await key.getPrimaryUser()).user.userID.userID, user_ids: key.getUserIDs(),
    expires: await key.getExpirationTime(), revoked: await key.isRevoked(),
  };
  info.subkeys = await Promise.all(key.getSubkeys().map(async (s) => ({
    fingerprint: s.getFingerprint(), algo: s.getAlgorithmInfo(), revoked: await s.isRevoked(),
    expires: await s.getExpirationTime(),
  })));
  return info;
}

async function perOp(fn, iterations) {
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return (performance.now() - t0) / iterations;
}

const rows = [];
for (const [label, armored] of [["ECC (Ed25519 legacy)", key("ada_public.asc")], ["RSA-3072", key("betty_public.asc")]]) {
  const ours = [], theirs = [];
  for (let round = 0; round < 7; round++) {
    ours.push(await perOp(() => core.keyInfo(armored), 200));
    theirs.push(await perOp(() => openpgpjsKeyInfo(armored), 200));
  }
  rows.push({ operation: `key info, ${label}`, ours_ms: median(ours), openpgpjs_ms: median(theirs) });
}
const env = [];
for (let round = 0; round < 7; round++) env.push(await perOp(() => core.parseEnvelope(200, envelope), 2000));
rows.push({ operation: "parseEnvelope, resources index (6 KB)", ours_ms: median(env), openpgpjs_ms: null });

console.log("operation".padEnd(40), "ours ms".padStart(10), "OpenPGP.js ms".padStart(14), "ratio".padStart(7));
for (const r of rows) {
  const ratio = r.openpgpjs_ms ? (r.openpgpjs_ms / r.ours_ms).toFixed(1) + "x" : "-";
  console.log(r.operation.padEnd(40), r.ours_ms.toFixed(4).padStart(10), (r.openpgpjs_ms?.toFixed(4) ?? "-").padStart(14), ratio.padStart(7));
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ node: process.version, pkg: pkgDir, rows }, null, 2) + "\n");
