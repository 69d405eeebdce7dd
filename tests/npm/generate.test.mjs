// generateKey of the packed package: OpenPGP.js 6.3.2 reads, unlocks and uses the key.
import test from "node:test";
import assert from "node:assert/strict";
import * as openpgp from "openpgp";
import init, { generateKey, generateKeyAsync, validateUserKey, unlockKey, decryptWithKey, encryptSigned, keyInfo } from "passbolt-core";
import { countCalls } from "./vector_keys.mjs";

await init();

test("a Curve25519 key the server accepts and OpenPGP.js uses both ways", async () => {
  const key = generateKey("curve25519", "Ada Lovelace", "ada@example.com", "a long passphrase");
  assert.deepEqual(validateUserKey(key.public_armored), []);
  const info = keyInfo(key.public_armored);
  assert.deepEqual([info.type, info.uid, info.expires, info.fingerprint], ["EdDSA", "Ada Lovelace <ada@example.com>", null, key.fingerprint]);
  await openpgpUsesTheKey(key);
});

test("bad arguments are typed errors", () => {
  assert.throws(() => generateKey("dsa", "A", "a@example.com", "x"), TypeError);
  assert.throws(() => generateKey("curve25519", "A", "a@example.com", ""), { name: "PgpError", code: "WEAK_PASSPHRASE" });
});

// generateKey: node:crypto's generateKeyPairSync; generateKeyAsync: WebCrypto's generateKey.
for (const [label, make, platform, name] of [
  ["generateKey", generateKey, process.getBuiltinModule("node:crypto"), "generateKeyPairSync"],
  ["generateKeyAsync", generateKeyAsync, globalThis.crypto.subtle, "generateKey"],
]) {
  test(`${label}: RSA-3072 keys by the platform's ${name} that OpenPGP.js uses both ways`, async () => {
    const calls = countCalls(platform, [name]);
    const key = await make("rsa3072", "Rsa User", "rsa@example.com", "a long passphrase");
    assert.equal(calls[name], 2, "the primary key and the subkey");
    assert.deepEqual(validateUserKey(key.public_armored), []);
    assertRsa(key, 3072);
    await openpgpUsesTheKey(key);
  });
}

// Where the platform makes no key (a browser's synchronous call; here node:crypto refuses),
// the primes are searched in wasm (rsa_crt32::rsa_primes).
test("generateKey: RSA-3072 keys on primes searched in wasm when the platform refuses, that OpenPGP.js uses both ways", async () => {
  const crypto = process.getBuiltinModule("node:crypto");
  const original = crypto.generateKeyPairSync;
  let refused = 0;
  crypto.generateKeyPairSync = () => {
    refused += 1;
    throw new Error("no RSA generation here");
  };
  try {
    const key = generateKey("rsa3072", "Rsa User", "rsa@example.com", "a long passphrase");
    assert.equal(refused, 2, "the platform was asked for the primary key and the subkey");
    assert.deepEqual(validateUserKey(key.public_armored), []);
    assertRsa(key, 3072);
    await openpgpUsesTheKey(key);
  } finally {
    crypto.generateKeyPairSync = original;
  }
});

function assertRsa(key, bits) {
  const info = keyInfo(key.public_armored);
  assert.deepEqual([info.type, info.bits, info.expires], ["RSA", bits, null]);
}

// OpenPGP.js unlocks the key (checking its parameters), encrypts and signs to it, and we
// decrypt that with the signature verified; then the other way round.
async function openpgpUsesTheKey(key) {
  const theirs = await openpgp.decryptKey({
    privateKey: await openpgp.readPrivateKey({ armoredKey: key.private_armored }),
    passphrase: "a long passphrase",
  });
  assert.equal(theirs.getFingerprint().toUpperCase(), key.fingerprint);
  const message = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: "to the new key" }),
    encryptionKeys: await openpgp.readKey({ armoredKey: key.public_armored }),
    signingKeys: theirs,
  });
  const ours = unlockKey(key.private_armored, "a long passphrase");
  const out = decryptWithKey(message, ours, [key.public_armored], true);
  assert.equal(out.text, "to the new key");
  assert.equal(out.signatures[0].signer_fingerprint, key.fingerprint);
  // And the other way: OpenPGP.js decrypts and verifies what we sign to the key.
  const back = await openpgp.decrypt({
    message: await openpgp.readMessage({ armoredMessage: encryptSigned("from us", [key.public_armored], ours) }),
    decryptionKeys: theirs,
    verificationKeys: await openpgp.readKey({ armoredKey: key.public_armored }),
    expectSigned: true,
  });
  assert.equal(back.data, "from us");
}
