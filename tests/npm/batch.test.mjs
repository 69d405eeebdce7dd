// decryptMany of the packed package: a list in one call, one result per item.
import test from "node:test";
import assert from "node:assert/strict";
import init, { unlockKey, decryptMany } from "passbolt-core";
import { readJson, readText } from "./helpers.mjs";

await init();
const resources = readJson("fixtures", "crypto", "resources_v5.json");
const ada = unlockKey(readText("fixtures", "keys", "ada_private.asc"), "ada-fixture-passphrase");
const items = [
  { id: "shared-metadata", message: resources.shared.metadata_armored, session_key: resources.shared.session_key },
  { id: "personal-metadata", message: resources.personal.metadata_armored },
  { id: "stale-session-key", message: resources.personal.metadata_armored, session_key: resources.shared.session_key },
  { id: "broken", message: "-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----" },
  { id: "secret", message: resources.personal.secret_for_ada },
];

test("one result per item, in order; the key decrypts what the session keys do not", () => {
  const results = ada.decryptMany(items, [readText("fixtures", "keys", "ada_public.asc")]);
  assert.deepEqual(results.map((r) => [r.id, r.ok]), [
    ["shared-metadata", true], ["personal-metadata", true], ["stale-session-key", true], ["broken", false], ["secret", true],
  ]);
  assert.deepEqual(JSON.parse(results[0].text), resources.shared.metadata_cleartext);
  assert.equal(results[1].session_key, resources.personal.session_key);
  assert.equal(results[2].session_key, resources.personal.session_key);
  assert.equal(results[3].error.name, "PgpError");
  assert.match(results[3].error.code, /^(MALFORMED_MESSAGE|INVALID_ARMOR)$/);
  assert.equal(results[4].signatures[0].verified, true);
});

test("without a key, only the session keys decrypt", () => {
  const results = decryptMany(items.slice(0, 3));
  assert.deepEqual(results.map((r) => r.ok), [true, false, false]);
  assert.equal(results[2].error.code, "DECRYPTION_FAILED");
});

test("items that are not a list are a TypeError", () => {
  assert.throws(() => ada.decryptMany("nope"), TypeError);
});
