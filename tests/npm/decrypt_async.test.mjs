// UnlockedKey.decryptManyAsync of the packed package: the X25519 by WebCrypto, the results
// exactly those of decryptMany. Node's own `node:crypto` (which the package prefers in Node,
// see node_crypto.test.mjs) is hidden from this process, so that the browser's path is the
// one tested here.
import test from "node:test";
import assert from "node:assert/strict";
import init, { unlockKey, encrypt } from "passbolt-core";
import { readJson, readText } from "./helpers.mjs";
import { curve25519Keys, verificationKeys as signers, armoredMessages } from "./vector_keys.mjs";

process.getBuiltinModule = undefined;
await init();

const keys = curve25519Keys();
const verificationKeys = signers();
const all = armoredMessages();

test("WebCrypto X25519 is there (Node 20+)", async () => {
  const pair = await crypto.subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]);
  assert.ok(pair.privateKey);
});

test("decryptManyAsync gives exactly what decryptMany gives, for every Curve25519 key", async () => {
  let decrypted = 0;
  for (const [label, key] of keys) {
    const items = all.map(([name, message], i) => ({ id: `${i}:${name}`, message }));
    // A bad item in the middle, and a malformed session key.
    items.splice(items.length >> 1, 0,
      { id: "broken", message: "-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----" },
      { id: "bad-session-key", message: items[0].message, session_key: "9:zz" });
    const sync = key.decryptMany(items, verificationKeys);
    const async_ = await key.decryptManyAsync(items, verificationKeys);
    assert.deepEqual(async_, sync, label);
    decrypted += sync.filter((r) => r.ok).length;
    assert.equal(sync.find((r) => r.id === "broken").ok, false);
  }
  assert.ok(decrypted >= 20, `decrypted ${decrypted}`);
});

test("the fixtures: session keys first, stale ones fall back to the key", async () => {
  const resources = readJson("fixtures", "crypto", "resources_v5.json");
  const ada = unlockKey(readText("fixtures", "keys", "ada_private.asc"), "ada-fixture-passphrase");
  const items = [
    { id: "shared-metadata", message: resources.shared.metadata_armored, session_key: resources.shared.session_key },
    { id: "personal-metadata", message: resources.personal.metadata_armored },
    { id: "stale-session-key", message: resources.personal.metadata_armored, session_key: resources.shared.session_key },
    { id: "broken", message: "-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----" },
    { id: "secret", message: resources.personal.secret_for_ada },
  ];
  const pub = [readText("fixtures", "keys", "ada_public.asc")];
  const results = await ada.decryptManyAsync(items, pub);
  assert.deepEqual(results, ada.decryptMany(items, pub));
  assert.deepEqual(results.map((r) => r.ok), [true, true, true, false, true]);
  assert.equal(results[2].session_key, resources.personal.session_key);
  assert.equal(results[4].signatures[0].verified, true);
  // The CryptoKey is cached: a second batch gives the same.
  assert.deepEqual(await ada.decryptManyAsync(items, pub), results);
});

test("many messages at once, and a handle freed while its batch runs", async () => {
  const ada = unlockKey(readText("fixtures", "keys", "ada_private.asc"), "ada-fixture-passphrase");
  const items = Array.from({ length: 200 }, (_, i) => ({
    id: String(i),
    message: encrypt(`secret ${i}`, [readText("fixtures", "keys", "ada_public.asc")]),
  }));
  const running = ada.decryptManyAsync(items);
  ada.free();
  const results = await running;
  assert.deepEqual(results.map((r) => r.text), items.map((_, i) => `secret ${i}`));
});

test("items that are not a list reject with a TypeError", async () => {
  const [, key] = keys[0];
  await assert.rejects(key.decryptManyAsync("nope"), TypeError);
});

test("without WebCrypto the results are those of decryptMany", async () => {
  const [, key] = keys[0];
  const items = all.slice(0, 30).map(([name, message]) => ({ id: name, message }));
  const expected = key.decryptMany(items);
  const saved = Object.getOwnPropertyDescriptor(globalThis, "crypto");
  Object.defineProperty(globalThis, "crypto", { value: undefined, configurable: true });
  try {
    assert.deepEqual(await key.decryptManyAsync(items), expected);
  } finally {
    Object.defineProperty(globalThis, "crypto", saved);
  }
});

test("the X25519 is WebCrypto's: one deriveBits per item the key opens, one import per key", async () => {
  const ada = unlockKey(readText("fixtures", "keys", "ada_private.asc"), "ada-fixture-passphrase");
  const pub = readText("fixtures", "keys", "ada_public.asc");
  const items = Array.from({ length: 5 }, (_, i) => ({ id: String(i), message: encrypt(`m${i}`, [pub]) }));
  const subtle = crypto.subtle;
  const calls = { deriveBits: 0, pkcs8: 0 };
  const { deriveBits, importKey } = subtle;
  subtle.deriveBits = function (...args) { calls.deriveBits += 1; return deriveBits.apply(this, args); };
  subtle.importKey = function (format, ...args) {
    if (format === "pkcs8") calls.pkcs8 += 1;
    return importKey.call(this, format, ...args);
  };
  try {
    const first = await ada.decryptManyAsync(items);
    const again = await ada.decryptManyAsync(items);
    assert.deepEqual(first.map((r) => r.text), ["m0", "m1", "m2", "m3", "m4"]);
    assert.deepEqual(again, first);
    assert.deepEqual(calls, { deriveBits: 10, pkcs8: 1 });
    // With the session keys, no X25519 at all.
    const withKeys = items.map((item, i) => ({ ...item, session_key: first[i].session_key }));
    assert.deepEqual((await ada.decryptManyAsync(withKeys)).map((r) => r.text), first.map((r) => r.text));
    assert.equal(calls.deriveBits, 10);
  } finally {
    subtle.deriveBits = deriveBits;
    subtle.importKey = importKey;
  }
});
