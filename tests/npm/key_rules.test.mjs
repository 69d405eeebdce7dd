// validateUserKey of the packed package: the server's strict rules on GnuPG and OpenPGP.js keys.
import test from "node:test";
import assert from "node:assert/strict";
import init, { validateUserKey } from "passbolt-core";
import { readText } from "./helpers.mjs";

await init();
const rules = (armored) => validateUserKey(armored).map((v) => v.rule);

test("keys the server accepts give no violation", () => {
  for (const path of [["keys", "openpgpjs", "curve25519.pub.asc"], ["keys", "openpgpjs", "rsa4096.pub.asc"], ["keys", "gnupg", "ed25519.pub.asc"]]) {
    assert.deepEqual(validateUserKey(readText(...path)), [], path.join("/"));
  }
});

test("RSA 2048, expiring, expired and revoked keys break the server's rules", () => {
  assert.deepEqual(rules(readText("keys", "gnupg", "rsa2048.pub.asc")), ["isValidKeySizeStrictRule"]);
  assert.deepEqual(rules(readText("keys", "openpgpjs", "curve25519-two-uids-expiring.pub.asc")), ["hasNoExpiryDateRule"]);
  assert.deepEqual(rules(readText("keys", "gnupg", "expired.pub.asc")), ["isNotExpiredRule", "hasNoExpiryDateRule"]);
  assert.deepEqual(rules(readText("keys", "gnupg", "revoked.pub.asc")), ["isNotRevokedRule"]);
  assert.deepEqual(validateUserKey("not a key"), [
    { rule: "isParsableArmoredKeyRule", message: "The public key could not be parsed." },
  ]);
});
