// Detached, cleartext and inline signatures of the packed package against OpenPGP.js 6.3.2.
import test from "node:test";
import assert from "node:assert/strict";
import * as openpgp from "openpgp";
import init, { unlockKey, signDetached, verifyDetached, signCleartext, verifyCleartext, signInline, verifyInline } from "passbolt-core";
import { readText } from "./helpers.mjs";

await init();
const PASS = "passbolt-test-passphrase";
const js = (name) => readText("keys", "openpgpjs", name);
const betty = { pub: readText("fixtures", "keys", "betty_public.asc"), sec: readText("fixtures", "keys", "betty_private.asc") };
const bettyKey = unlockKey(betty.sec, "betty-fixture-passphrase");
const theirSigner = async () =>
  openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey: js("curve25519.sec.asc") }), passphrase: PASS });
const text = "Passbolt signed\n- a dash line\nFrom the start";

test("OpenPGP.js verifies our detached, cleartext and inline signatures", async () => {
  const verificationKeys = await openpgp.readKey({ armoredKey: betty.pub });
  const detached = await openpgp.verify({
    message: await openpgp.createMessage({ binary: new TextEncoder().encode(text) }),
    signature: await openpgp.readSignature({ armoredSignature: signDetached(text, bettyKey) }),
    verificationKeys,
  });
  assert.equal(await detached.signatures[0].verified, true);
  const cleartext = await openpgp.verify({
    message: await openpgp.readCleartextMessage({ cleartextMessage: signCleartext(text, bettyKey) }),
    verificationKeys,
  });
  assert.equal(await cleartext.signatures[0].verified, true);
  assert.equal(cleartext.data, text);
  const inline = await openpgp.verify({
    message: await openpgp.readMessage({ armoredMessage: signInline(text, bettyKey) }),
    verificationKeys,
    format: "binary",
  });
  assert.equal(await inline.signatures[0].verified, true);
  assert.equal(new TextDecoder().decode(inline.data), text);
});

test("we verify OpenPGP.js signatures and refuse them over other data", async () => {
  const signingKeys = await theirSigner();
  const signer = js("curve25519.pub.asc");
  const signature = await openpgp.sign({ message: await openpgp.createMessage({ text }), signingKeys, detached: true });
  const [good] = verifyDetached(text, signature, [signer]);
  assert.equal(good.verified, true);
  assert.equal(good.signer_fingerprint, (await openpgp.readKey({ armoredKey: signer })).getFingerprint().toUpperCase());
  assert.equal(verifyDetached(text + "!", signature, [signer])[0].verified, false);
  const cleartext = await openpgp.sign({ message: await openpgp.createCleartextMessage({ text }), signingKeys });
  const out = verifyCleartext(cleartext, [signer]);
  assert.equal(out.signatures[0].verified, true);
  assert.equal(out.text, text);
  const inline = await openpgp.sign({ message: await openpgp.createMessage({ text }), signingKeys });
  assert.equal(verifyInline(inline, [signer]).signatures[0].verified, true);
  assert.equal(verifyInline(inline, [betty.pub]).signatures[0].verified, false);
});

test("a key where a signature is expected is a typed error", () => {
  assert.throws(() => verifyDetached("x", betty.pub, [betty.pub]), { name: "PgpError", code: "NOT_A_SIGNATURE" });
});
