// Every case of tests/vectors/hostile through the packed package's JS API: a PgpError with the
// case's code, or signatures reported unverified (verified for the controls). The wasm memory
// bound is checked by the wasm-bindgen-test suites (the Node build does not expose it).
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import init, {
  decryptWithKey,
  decryptWithPassword,
  decryptWithSessionKey,
  unlockKey,
  verifyCleartext,
  verifyDetached,
  verifyInline,
} from "passbolt-core";
import { readJson, vectors } from "./helpers.mjs";
import { generateCase } from "../vectors/hostile/generate.mjs";

await init();
const manifest = readJson("hostile", "cases.json");
assert.ok(manifest.cases.length >= 36);

const hostile = (path) => readFileSync(join(vectors, "hostile", path));
const keyText = (path) => readFileSync(join(vectors, path), "utf8");
const unlocked = new Map();
const unlock = (path, passphrase) => {
  const slot = `${path}\n${passphrase}`;
  if (!unlocked.has(slot)) unlocked.set(slot, unlockKey(keyText(path), passphrase));
  return unlocked.get(slot);
};
const control = new TextDecoder().decode(hostile(manifest.control.file));

/** Runs a case; returns the signature checks of a verification, or null. */
function run(c, input) {
  switch (c.operation) {
    case "decrypt_key":
      decryptWithKey(input, unlock(c.key, c.passphrase));
      return null;
    case "decrypt_session_key":
      decryptWithSessionKey(input, c.session_key);
      return null;
    case "decrypt_password":
      decryptWithPassword(input, c.password);
      return null;
    case "verify_detached":
      return verifyDetached(hostile(c.data), input, [keyText(c.verify_key)]);
    case "verify_inline":
      return verifyInline(input, [keyText(c.verify_key)]).signatures;
    case "verify_cleartext":
      return verifyCleartext(input, [keyText(c.verify_key)]).signatures;
    case "decrypt_many": {
      const [item, other] = unlock(c.key, c.passphrase).decryptMany([
        { id: "hostile", message: input, session_key: c.session_key },
        { id: "control", message: control },
      ]);
      assert.equal(other.ok, true, "the control item decrypts");
      assert.equal(other.text, manifest.control.plaintext);
      if (!item.ok) throw Object.assign(new Error(item.error.message), item.error);
      return null;
    }
    default:
      throw new Error(`unknown operation ${c.operation}`);
  }
}

for (const c of manifest.cases) {
  const outcome = c.expect.error ?? `verified=${c.expect.verified}`;
  test(`${c.id} → ${outcome}`, () => {
    const input = c.generate ? generateCase(c.generate) : new TextDecoder().decode(hostile(c.file));
    if (c.expect.error) {
      assert.throws(
        () => run(c, input),
        (error) => {
          assert.equal(error.name, "PgpError");
          assert.equal(error.code, c.expect.error);
          assert.ok(error.message.length > 10);
          return true;
        },
      );
    } else {
      const checks = run(c, input);
      assert.ok(checks.length > 0, "at least one signature");
      assert.equal(checks.some((s) => s.verified), c.expect.verified);
    }
  });
}
