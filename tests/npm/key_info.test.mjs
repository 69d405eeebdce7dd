// keyInfo of the packed package agrees with OpenPGP.js 6 on every test key.
import test from "node:test";
import assert from "node:assert/strict";
import * as openpgp from "openpgp";
import init, { keyInfo } from "passbolt-core";
import { allKeys, readJson, readText } from "./helpers.mjs";

await init();

const CURVES = {
  ed25519Legacy: "ed25519", curve25519Legacy: "cv25519", ed25519: "ed25519", x25519: "cv25519",
  nistP256: "nistp256", nistP384: "nistp384", nistP521: "nistp521",
};
const SERVER_TYPES = {
  rsaEncryptSign: "RSA", rsaEncrypt: "RSA", rsaSign: "RSA", elgamal: "ELGAMAL", dsa: "DSA",
  ecdh: "ECC", ecdsa: "ECDSA", eddsaLegacy: "EdDSA", ed25519: "EdDSA", x25519: "ECC",
};
const iso = (date) => date.toISOString().replace(".000Z", "+00:00");
const bits = (info) => (info.bits ? info.bits : { nistp384: 384, nistp521: 521 }[CURVES[info.curve]] ?? 256);
const expiry = (time) => (time === Infinity ? null : time instanceof Date ? iso(time) : undefined);

const keys = allKeys();
assert.ok(keys.length >= 40, `only ${keys.length} keys`);

for (const [label, armored] of keys) {
  test(`keyInfo agrees with OpenPGP.js on ${label}`, async () => {
    const info = keyInfo(armored);
    const key = await openpgp.readKey({ armoredKey: armored });
    assert.equal(info.fingerprint, key.getFingerprint().toUpperCase());
    assert.equal(info.key_id, key.getKeyID().toHex().toUpperCase().slice(-8));
    assert.equal(info.is_private, key.isPrivate());
    const algo = key.getAlgorithmInfo();
    assert.equal(info.type, SERVER_TYPES[algo.algorithm]);
    assert.equal(info.bits, bits(algo));
    assert.equal(info.curve, algo.curve ? CURVES[algo.curve] : null);
    assert.equal(info.key_created, iso(key.getCreationTime()));
    assert.deepEqual(info.user_ids, key.getUserIDs());
    assert.equal(info.is_revoked, await key.isRevoked());
    if (!info.is_revoked) {
      const expected = expiry(await key.getExpirationTime());
      if (expected !== undefined) assert.equal(info.expires, expected);
      const { user } = await key.getPrimaryUser().catch(() => ({}));
      if (user) assert.equal(info.uid, user.userID.userID);
    }
    const subkeys = key.getSubkeys();
    assert.equal(info.subkeys.length, subkeys.length);
    subkeys.forEach((sub, i) => {
      assert.equal(info.subkeys[i].fingerprint, sub.getFingerprint().toUpperCase());
      assert.equal(info.subkeys[i].created, iso(sub.getCreationTime()));
      assert.equal(info.subkeys[i].type, SERVER_TYPES[sub.getAlgorithmInfo().algorithm]);
    });
  });
}

test("keyInfo returns exactly the /gpgkeys.json fields of the server fixture", () => {
  for (const entry of readJson("fixtures", "api", "gpgkeys_index.json").body) {
    const info = keyInfo(entry.armored_key);
    for (const field of ["fingerprint", "key_id", "bits", "type", "uid", "expires", "key_created"]) {
      assert.deepEqual(info[field], entry[field], `${field} of ${entry.uid}`);
    }
  }
});

test("a locked private key is described without its passphrase", () => {
  const info = keyInfo(readText("fixtures", "keys", "betty_private.asc"));
  assert.equal(info.is_private, true);
  assert.deepEqual(info.subkeys.map((s) => s.capabilities), [["encrypt"]]);
});
