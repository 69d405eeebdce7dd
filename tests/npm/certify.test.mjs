// Certifications of user ids (the extension certifies the metadata key) against OpenPGP.js 6.3.2.
import test from "node:test";
import assert from "node:assert/strict";
import * as openpgp from "openpgp";
import init, { unlockKey, certifyKey, verifyCertifications } from "passbolt-core";
import { readText } from "./helpers.mjs";

await init();
const PASS = "passbolt-test-passphrase";
const fixture = (name) => readText("fixtures", "keys", name);
const js = (name) => readText("keys", "openpgpjs", name);

test("OpenPGP.js verifies our certification of the metadata key", async () => {
  const betty = unlockKey(fixture("betty_private.asc"), "betty-fixture-passphrase");
  const certified = certifyKey(fixture("metadata_public.asc"), betty);
  const key = await openpgp.readKey({ armoredKey: certified });
  const bettyPublic = await openpgp.readKey({ armoredKey: fixture("betty_public.asc") });
  const results = await key.verifyAllUsers([bettyPublic]);
  const byBetty = results.filter((r) => r.keyID.toHex() === bettyPublic.getKeyID().toHex());
  assert.equal(byBetty.length, 1);
  assert.equal(byBetty[0].valid, true);
  // The certification ada made (OpenPGP.js, in the fixture) is still there.
  const ours = verifyCertifications(certified, [fixture("ada_public.asc"), fixture("betty_public.asc")]);
  assert.deepEqual(ours.map((c) => c.signature.signer_fingerprint).sort(), [
    "4F31619A3354C2065CF8272395C33E4D2EDCCF46",
    "A666D519FB17EDA844AF7F1B09D7E972478529D7",
  ]);
});

test("we verify OpenPGP.js certifications and name their certifier", async () => {
  const certifier = await openpgp.decryptKey({
    privateKey: await openpgp.readPrivateKey({ armoredKey: js("rsa3072.sec.asc") }),
    passphrase: PASS,
  });
  const target = await openpgp.readKey({ armoredKey: js("curve25519-two-uids-expiring.pub.asc") });
  const signed = (await target.signAllUsers([certifier])).armor();
  const found = verifyCertifications(signed, [js("curve25519.pub.asc"), js("rsa3072.pub.asc")]);
  assert.equal(found.length, 2, "one per user id");
  for (const c of found) {
    assert.equal(c.signature.verified, true);
    assert.equal(c.signature.signer_fingerprint, certifier.getFingerprint().toUpperCase());
    assert.equal(c.revoked, false);
  }
  const unknown = verifyCertifications(signed, [js("curve25519.pub.asc")]);
  assert.deepEqual(unknown.map((c) => c.signature.verified), [false, false]);
});

test("certifying a non-key, or checking against a non-key, is a typed error", () => {
  const betty = unlockKey(fixture("betty_private.asc"), "betty-fixture-passphrase");
  assert.throws(() => certifyKey("not a key", betty), (e) => e.name === "PgpError" && e.code === "INVALID_ARMOR");
  assert.throws(() => verifyCertifications(fixture("metadata_public.asc"), ["junk"]), (e) => e.code === "INVALID_ARMOR");
});
