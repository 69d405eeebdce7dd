// Benchmark (not a test): decryption of many small messages, the hot path of a Passbolt
// client, by the built package and by OpenPGP.js 6.3.2 in one Node process, interleaved.
// 100-byte secret, AES-256, one recipient, armored (../shared/performance.md's method).
// Usage: node tests/bench/decrypt.mjs [path/to/pkg] [out.json]
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as openpgp from "openpgp";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pkgDir = resolve(process.argv[2] ?? join(repo, "pkg"));
const out = process.argv[3] ?? join(repo, "out", "bench-decrypt.json");
const core = await import(pathToFileURL(join(pkgDir, "node", "index.mjs")));
await core.default();

const fixture = (f) => readFileSync(join(repo, "tests/vectors/fixtures/keys", f), "utf8");
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
const secret = "x".repeat(100);
const COUNT = 100;

async function perOp(fn, items) {
  const t0 = performance.now();
  for (const item of items) await fn(item);
  return (performance.now() - t0) / items.length;
}

const rows = [];
for (const [label, name, passphrase] of [["ECC", "ada", "ada-fixture-passphrase"], ["RSA-3072", "betty", "betty-fixture-passphrase"]]) {
  const publicKey = await openpgp.readKey({ armoredKey: fixture(`${name}_public.asc`) });
  const theirKey = await openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey: fixture(`${name}_private.asc`) }), passphrase });
  const ourKey = core.unlockKey(fixture(`${name}_private.asc`), passphrase);
  const messages = [];
  for (let i = 0; i < COUNT; i++) {
    messages.push(await openpgp.encrypt({ message: await openpgp.createMessage({ text: secret }), encryptionKeys: publicKey }));
  }
  const sessionKeys = messages.map((m) => core.decryptWithKey(m, ourKey).session_key);
  const parsedSessionKeys = sessionKeys.map((sk) => {
    const [algo, hex] = sk.split(":");
    return { data: Uint8Array.from(Buffer.from(hex, "hex")), algorithm: openpgp.enums.read(openpgp.enums.symmetric, Number(algo)) };
  });
  const pairs = messages.map((m, i) => [m, sessionKeys[i], parsedSessionKeys[i]]);
  const ours = { key: [], sk: [] }, theirs = { key: [], sk: [] };
  for (let round = 0; round < 5; round++) {
    ours.key.push(await perOp(([m]) => core.decryptWithKey(m, ourKey), pairs));
    theirs.key.push(await perOp(async ([m]) => openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: m }), decryptionKeys: theirKey }), pairs));
    ours.sk.push(await perOp(([m, sk]) => core.decryptWithSessionKey(m, sk), pairs));
    theirs.sk.push(await perOp(async ([m, , psk]) => openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: m }), sessionKeys: psk }), pairs));
  }
  rows.push({ operation: `decrypt, per message over ${COUNT}, ${label}`, ours_ms: median(ours.key), openpgpjs_ms: median(theirs.key) });
  rows.push({ operation: `decrypt with a known session key, ${label}`, ours_ms: median(ours.sk), openpgpjs_ms: median(theirs.sk) });
  ourKey.free();
}

console.log("operation".padEnd(44), "ours ms".padStart(10), "OpenPGP.js ms".padStart(14), "ratio".padStart(7));
for (const r of rows) {
  console.log(r.operation.padEnd(44), r.ours_ms.toFixed(4).padStart(10), r.openpgpjs_ms.toFixed(4).padStart(14), ((r.openpgpjs_ms / r.ours_ms).toFixed(1) + "x").padStart(7));
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ node: process.version, pkg: pkgDir, rows }, null, 2) + "\n");
