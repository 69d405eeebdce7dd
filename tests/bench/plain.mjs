// Benchmark (not a test): the rows of ../shared/performance.md that have a "rPGP wasm
// (plain)" figure and that read or decrypt, measured in this Node process for our package,
// plain rPGP 0.21 in wasm (tests/bench/plain-rpgp, built by scripts/build-plain-rpgp.sh,
// same release profile) and OpenPGP.js 6.3.2: same keys and messages, interleaved rounds,
// medians. This is the same-run check of "no row slower than plain rPGP", which the
// figures of performance.md (another day's machine) cannot give.
// Usage: bash scripts/build-plain-rpgp.sh && make pkg && node tests/bench/plain.mjs [--messages N] [--rounds N] [--out FILE]
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as openpgp from "openpgp";
import { benchKeys, parseArgs } from "./inputs.mjs";
import { median, perOp } from "./suite.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = parseArgs(process.argv.slice(2));
const core = await import(pathToFileURL(join(repo, "pkg", "node", "index.mjs")));
await core.default();
const plain = createRequire(import.meta.url)(join(repo, "out", "plain-rpgp", "plain_rpgp_bench.js"));
const keys = benchKeys((path) => readFileSync(join(repo, path), "utf8"));
const count = args.messages ?? 300;
const rounds = args.rounds ?? 5;
const SECRET = "x".repeat(100);
const rows = [];

/** Interleaves the three for `rounds` rounds; one row of medians. */
async function row(operation, ours, theirs, openpgpjs) {
  const t = { ours: [], plain: [], openpgpjs: [] };
  // Three rounds unmeasured: the first calls compile each side's code, and the engine
  // optimises the hot wasm functions only after some use (our module is the larger one).
  for (let warm = 0; warm < 3; warm++) {
    await ours();
    await theirs();
    await openpgpjs();
  }
  for (let r = 0; r < rounds; r++) {
    t.ours.push(await ours());
    t.plain.push(await theirs());
    t.openpgpjs.push(await openpgpjs());
  }
  const out = { operation, ours_ms: median(t.ours), plain_rpgp_ms: median(t.plain), openpgpjs_ms: median(t.openpgpjs) };
  out.vs_plain = out.plain_rpgp_ms / out.ours_ms;
  out.vs_openpgpjs = out.openpgpjs_ms / out.ours_ms;
  rows.push(out);
  console.error(`${operation}: ours ${out.ours_ms.toFixed(4)} ms, plain rPGP ${out.plain_rpgp_ms.toFixed(4)} ms, OpenPGP.js ${out.openpgpjs_ms.toFixed(4)} ms`);
}

const range = (n) => Array.from({ length: n }, (_, i) => i);
const theirPrivate = async (armoredKey, passphrase) =>
  openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey }), passphrase });

for (const [label, key] of [["ECC", keys.ada], ["RSA", keys.betty]]) {
  await row(`parse armored public key + fingerprint, ${label}`,
    () => perOp(() => { const k = core.readKey(key.pub); const f = k.fingerprint; k.free(); return f; }, range(200)),
    () => perOp(() => plain.parseKeyFingerprint(key.pub), range(200)),
    () => perOp(async () => (await openpgp.readKey({ armoredKey: key.pub })).getFingerprint(), range(200)));

  const n = label === "RSA" ? Math.min(count, 30) : count;
  const publicKey = await openpgp.readKey({ armoredKey: key.pub });
  const messages = [];
  for (let i = 0; i < n; i++) messages.push(await openpgp.encrypt({ message: await openpgp.createMessage({ text: SECRET }), encryptionKeys: publicKey }));
  const ours = core.unlockKey(key.sec, key.pass);
  const theirs = new plain.PlainKey(key.sec, key.pass);
  const theirKey = await theirPrivate(key.sec, key.pass);
  const first = ours.decryptMany(messages.map((message, i) => ({ id: String(i), message })));
  for (let i = 0; i < n; i++) {
    if (!first[i].ok || first[i].text !== SECRET || theirs.decryptText(messages[i]) !== SECRET) throw new Error(`${label}: a decryption failed`);
  }
  const theirOnce = async (armoredMessage) => openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage }), decryptionKeys: theirKey });
  await row(`decrypt, one call per message, ${label}`,
    () => perOp((m) => core.decryptWithKey(m, ours), messages),
    () => perOp((m) => theirs.decryptText(m), messages),
    () => perOp(theirOnce, messages));

  const sessionKeys = first.map((r) => {
    const [algo, hex] = r.session_key.split(":");
    return { algo: Number(algo), data: Uint8Array.from(hex.match(/../g).map((h) => parseInt(h, 16))) };
  });
  await row(`decrypt with a known session key, ${label}`,
    () => perOp((i) => core.decryptWithSessionKey(messages[i], first[i].session_key), range(n)),
    () => perOp((i) => plain.decryptWithSessionKey(messages[i], sessionKeys[i].algo, sessionKeys[i].data), range(n)),
    () => perOp(async (i) => openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: messages[i] }),
      sessionKeys: { data: sessionKeys[i].data, algorithm: openpgp.enums.read(openpgp.enums.symmetric, sessionKeys[i].algo) },
    }), range(n)));
  ours.free();
  theirs.free();
}

for (const countByte of [224, 255]) {
  const armored = keys.bench[`s2k_${countByte}`];
  const n = countByte === 255 ? 2 : 4;
  await row(`unlock key, iterated S2K count byte ${countByte}`,
    () => perOp(() => core.unlockKey(armored, keys.bench.passphrase).free(), range(n)),
    () => perOp(() => new plain.PlainKey(armored, keys.bench.passphrase).free(), range(n)),
    () => perOp(() => theirPrivate(armored, keys.bench.passphrase), range(n)));
}

const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(4));
const runtime = `Node ${process.version}`;
console.log(`${runtime}: ours vs plain rPGP 0.21 (wasm) vs OpenPGP.js 6.3.2, ms per operation, medians`);
console.log(`${"operation".padEnd(48)}${"ours".padStart(10)}${"plain rPGP".padStart(12)}${"OpenPGP.js".padStart(12)}${"vs plain".padStart(10)}${"vs OpenPGP.js".padStart(15)}`);
for (const r of rows) {
  console.log(`${r.operation.padEnd(48)}${fmt(r.ours_ms).padStart(10)}${fmt(r.plain_rpgp_ms).padStart(12)}${fmt(r.openpgpjs_ms).padStart(12)}${(r.vs_plain.toFixed(2) + "x").padStart(10)}${(r.vs_openpgpjs.toFixed(2) + "x").padStart(15)}`);
}
const out = args.out ?? join(repo, "out", "bench-plain-node.json");
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ runtime, date: new Date().toISOString(), options: args, rows }, null, 2) + "\n");
console.error(`wrote ${out}`);
