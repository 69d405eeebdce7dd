// In Node, the X25519 of Curve25519 decryption and the RSA decryption are done by Node's own
// `node:crypto` (synchronously) for `decryptMany`, `decryptWithKey` and `decryptManyAsync`,
// and so is the iterated S2K hashing of `unlockKey`; the results are exactly those of the
// wasm path.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import init, { unlockKey, unlockKeyAsync, encrypt, decryptWithKey } from "passbolt-core";
import { readText } from "./helpers.mjs";
import { countCalls } from "./vector_keys.mjs";

// Counts the calls the package makes, installed before the package looks `node:crypto` up.
const crypto = process.getBuiltinModule("node:crypto");
const calls = countCalls(crypto, ["createHash", "createPrivateKey", "createPublicKey", "diffieHellman", "privateDecrypt"]);
await init();

const here = dirname(fileURLToPath(import.meta.url));
const decryptVectors = (...flags) =>
  JSON.parse(execFileSync(process.execPath, [join(here, "decrypt_vectors.mjs"), ...flags], { cwd: here, maxBuffer: 1 << 28 }).toString());

test("every vector message gives the same results with node:crypto as with wasm", () => {
  const withNode = decryptVectors();
  const withWasm = decryptVectors("--without-node-crypto");
  assert.deepEqual(withNode.results, withWasm.results);
  const opened = withNode.results.flatMap(([, results]) => results).filter((r) => r.ok).length;
  assert.ok(opened >= 20, `opened ${opened}`);
  // One private key object per key packet used, one private operation per item a key
  // opened by ECDH or RSA.
  assert.ok(withNode.calls.diffieHellman >= 20, JSON.stringify(withNode.calls));
  assert.ok(withNode.calls.privateDecrypt >= 10, JSON.stringify(withNode.calls));
  assert.ok(withNode.calls.createPrivateKey <= 30, JSON.stringify(withNode.calls));
  assert.deepEqual(withWasm.calls, { createPrivateKey: 0, diffieHellman: 0, privateDecrypt: 0 });
});

test("one private key object per key, one diffieHellman per message, in every call", async () => {
  const pub = readText("fixtures", "keys", "ada_public.asc");
  const ada = unlockKey(readText("fixtures", "keys", "ada_private.asc"), "ada-fixture-passphrase");
  const items = Array.from({ length: 5 }, (_, i) => ({ id: String(i), message: encrypt(`m${i}`, [pub]) }));
  const before = { ...calls };
  const many = ada.decryptMany(items);
  assert.deepEqual(many.map((r) => r.text), ["m0", "m1", "m2", "m3", "m4"]);
  assert.deepEqual(await ada.decryptManyAsync(items), many);
  assert.equal(decryptWithKey(items[0].message, ada).text, "m0");
  assert.deepEqual(
    { createPrivateKey: calls.createPrivateKey - before.createPrivateKey, diffieHellman: calls.diffieHellman - before.diffieHellman },
    { createPrivateKey: 1, diffieHellman: 11 },
  );
  // With the session keys, no X25519 at all.
  const withKeys = items.map((item, i) => ({ ...item, session_key: many[i].session_key }));
  assert.deepEqual(ada.decryptMany(withKeys).map((r) => r.text), many.map((r) => r.text));
  assert.equal(calls.diffieHellman - before.diffieHellman, 11);
  ada.free();
});

test("a message for another key is refused as before, without a shared secret", () => {
  const ada = unlockKey(readText("fixtures", "keys", "ada_private.asc"), "ada-fixture-passphrase");
  const other = readText("messages", "openpgpjs", "keys", "ecc.pub.asc");
  const before = calls.diffieHellman;
  assert.throws(() => decryptWithKey(encrypt("x", [other]), ada), (e) => e.code === "NO_MATCHING_KEY");
  assert.equal(calls.diffieHellman, before);
  ada.free();
});

test("a wrong shared secret from the platform is a failed decryption, not a wrong plaintext", () => {
  const ada = unlockKey(readText("fixtures", "keys", "ada_private.asc"), "ada-fixture-passphrase");
  const message = encrypt("x", [readText("fixtures", "keys", "ada_public.asc")]);
  const original = crypto.diffieHellman;
  crypto.diffieHellman = (...args) => { const s = original(...args); s[0] ^= 1; return s; };
  try {
    assert.throws(() => decryptWithKey(message, ada), (e) => e.code === "DECRYPTION_FAILED");
  } finally {
    crypto.diffieHellman = original;
  }
  assert.equal(decryptWithKey(message, ada).text, "x");
  ada.free();
});

test("RSA: one private key object per key, one privateDecrypt per message", () => {
  const pub = readText("fixtures", "keys", "betty_public.asc");
  const betty = unlockKey(readText("fixtures", "keys", "betty_private.asc"), "betty-fixture-passphrase");
  const items = Array.from({ length: 3 }, (_, i) => ({ id: String(i), message: encrypt(`r${i}`, [pub]) }));
  const before = { ...calls };
  const many = betty.decryptMany(items);
  assert.deepEqual(many.map((r) => r.text), ["r0", "r1", "r2"]);
  assert.equal(decryptWithKey(items[1].message, betty).text, "r1");
  assert.deepEqual(
    { createPrivateKey: calls.createPrivateKey - before.createPrivateKey, privateDecrypt: calls.privateDecrypt - before.privateDecrypt },
    { createPrivateKey: 1, privateDecrypt: 4 },
  );
  // A wrong raw decryption from the platform is a failed decryption.
  const original = crypto.privateDecrypt;
  crypto.privateDecrypt = (...args) => { const m = original(...args); m[m.length - 1] ^= 1; return m; };
  try {
    assert.throws(() => decryptWithKey(items[0].message, betty), (e) => e.code === "DECRYPTION_FAILED");
  } finally {
    crypto.privateDecrypt = original;
  }
  betty.free();
});

test("unlockKey: the iterated S2K hashed by node:crypto, the same key, a wrong passphrase refused", () => {
  const before = calls.createHash;
  const pub = readText("fixtures", "keys", "ada_public.asc");
  const ada = unlockKey(readText("fixtures", "keys", "ada_private.asc"), "ada-fixture-passphrase");
  // One hash per distinct S2K (OpenPGP.js gives the primary key and the subkey the same one
  // only when salts match; at least one here).
  assert.ok(calls.createHash > before, `createHash calls: ${calls.createHash - before}`);
  assert.equal(decryptWithKey(encrypt("s2k", [pub]), ada).text, "s2k");
  assert.throws(
    () => unlockKey(readText("fixtures", "keys", "ada_private.asc"), "ada-fixture-passphrasf"),
    (e) => e.code === "WRONG_PASSPHRASE",
  );
  ada.free();
  // GnuPG's SHA-1 S2K with count byte 255 (rsa2048 of the message vectors).
  const entry = JSON.parse(readText("messages", "gnupg", "keys", "keys.json")).find((k) => k.name === "rsa2048");
  const rsaBefore = calls.createHash;
  const rsa = unlockKey(readText("messages", "gnupg", "keys", "rsa2048.sec.asc"), entry.passphrase);
  assert.ok(calls.createHash > rsaBefore);
  assert.equal(decryptWithKey(encrypt("sha1 s2k", [rsa.publicArmor()]), rsa).text, "sha1 s2k");
  rsa.free();
});

test("unlockKeyAsync in Node: the key unlockKey gives, the same errors", async () => {
  const armored = readText("fixtures", "keys", "betty_private.asc");
  const key = await unlockKeyAsync(armored, "betty-fixture-passphrase");
  assert.equal(key.fingerprint, unlockKey(armored, "betty-fixture-passphrase").fingerprint);
  assert.equal(decryptWithKey(encrypt("async", [readText("fixtures", "keys", "betty_public.asc")]), key).text, "async");
  await assert.rejects(unlockKeyAsync(armored, "nope"), (e) => e.code === "WRONG_PASSPHRASE");
  await assert.rejects(unlockKeyAsync("not a key", "x"), (e) => e.name === "PgpError");
  key.free();
});
