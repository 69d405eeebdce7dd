// Public keys read once (PublicKey, Keyring) and keys generated unlocked, against OpenPGP.js 6.3.2.
import test from "node:test";
import assert from "node:assert/strict";
import * as openpgp from "openpgp";
import init, { readKey, Keyring, unlockKey, generateUnlockedKey, decryptWithKey } from "passbolt-core";
import { readText } from "./helpers.mjs";

await init();
const PASS = "passbolt-test-passphrase";
const fixture = (name) => readText("fixtures", "keys", name);
const js = (name) => readText("keys", "openpgpjs", name);

test("readKey gives the fingerprint OpenPGP.js computes, and the key's info", async () => {
  for (const armored of [fixture("ada_public.asc"), fixture("betty_public.asc"), js("nistp256.pub.asc")]) {
    const ours = readKey(armored);
    const theirs = await openpgp.readKey({ armoredKey: armored });
    assert.equal(ours.fingerprint, theirs.getFingerprint().toUpperCase());
    assert.equal(ours.info().fingerprint, ours.fingerprint);
    assert.equal((await openpgp.readKey({ armoredKey: ours.armor() })).getFingerprint(), theirs.getFingerprint());
    ours.free();
  }
  assert.throws(() => readKey(readText("messages", "gnupg", "detached_ed25519.sig.asc")), (e) => e.name === "PgpError" && e.code === "NOT_A_KEY");
  assert.throws(() => readKey("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxx\n-----END PGP PUBLIC KEY BLOCK-----"), (e) => e.code === "INVALID_ARMOR");
});

test("a keyring encrypts to several of its keys, signed; OpenPGP.js decrypts with each and verifies", async () => {
  const ring = new Keyring();
  const names = ["curve25519", "rsa3072", "nistp256"];
  const fingerprints = names.map((n) => ring.add(js(`${n}.pub.asc`)));
  assert.equal(ring.add(js("curve25519.pub.asc")), fingerprints[0], "the same key is kept once");
  assert.equal(ring.size, 3);
  assert.equal(ring.has(fingerprints[1].toLowerCase()), true);
  const betty = unlockKey(fixture("betty_private.asc"), "betty-fixture-passphrase");
  const armored = ring.encryptSigned("for three", fingerprints, betty);
  const verificationKeys = await openpgp.readKey({ armoredKey: fixture("betty_public.asc") });
  for (const n of names) {
    const decryptionKeys = await openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey: js(`${n}.sec.asc`) }), passphrase: PASS });
    const out = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys, verificationKeys, expectSigned: true });
    assert.equal(out.data, "for three", n);
  }
  assert.equal(ring.remove(fingerprints[2]), true);
  assert.throws(() => ring.encrypt("x", [fingerprints[2]]), (e) => e.code === "UNKNOWN_KEY" && e.message.includes(fingerprints[2]));
  assert.throws(() => ring.add("junk"), (e) => e.code === "INVALID_ARMOR");
  assert.deepEqual(ring.fingerprints(), fingerprints.slice(0, 2));
});

test("a key generated unlocked is usable at once and exports a locked key OpenPGP.js opens", async () => {
  const key = generateUnlockedKey("curve25519", "Setup User", "setup@example.test");
  const publicKey = await openpgp.readKey({ armoredKey: key.publicArmor() });
  assert.equal(publicKey.getFingerprint().toUpperCase(), key.fingerprint);
  const message = await openpgp.encrypt({ message: await openpgp.createMessage({ text: "to the new key" }), encryptionKeys: publicKey });
  assert.equal(decryptWithKey(message, key).text, "to the new key");
  const locked = await openpgp.readPrivateKey({ armoredKey: key.toLockedArmor("a new passphrase") });
  assert.equal(locked.isDecrypted(), false);
  await assert.rejects(openpgp.decryptKey({ privateKey: locked, passphrase: "wrong" }));
  const opened = await openpgp.decryptKey({ privateKey: locked, passphrase: "a new passphrase" });
  assert.equal(opened.getFingerprint().toUpperCase(), key.fingerprint);
  assert.throws(() => generateUnlockedKey("dsa", "x", "x@example.test"), TypeError);
});
