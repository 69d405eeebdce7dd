// Encrypt/decrypt of the packed package against OpenPGP.js 6.3.2, both ways, in one process.
import test from "node:test";
import assert from "node:assert/strict";
import * as openpgp from "openpgp";
import init, { unlockKey, encrypt, encryptSigned, decryptWithKey, decryptWithSessionKey, decryptWithPassword } from "passbolt-core";
import { readText } from "./helpers.mjs";

await init();
const PASS = "passbolt-test-passphrase"; // tests/vectors/keys/README.md
const js = (name) => readText("keys", "openpgpjs", name);
const ada = { pub: readText("fixtures", "keys", "ada_public.asc"), sec: readText("fixtures", "keys", "ada_private.asc") };
const openpgpjsKey = async (name) =>
  openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey: js(name) }), passphrase: PASS });
const secret = JSON.stringify({ object_type: "PASSBOLT_SECRET_DATA", password: "npm-interop-P@ss" });

test("OpenPGP.js decrypts and verifies what we encrypt and sign", async () => {
  const signer = unlockKey(ada.sec, "ada-fixture-passphrase");
  for (const recipient of ["rsa3072", "curve25519", "nistp256"]) {
    const armored = encryptSigned(secret, [js(`${recipient}.pub.asc`)], signer);
    const { data, signatures } = await openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: armored }),
      decryptionKeys: await openpgpjsKey(`${recipient}.sec.asc`),
      verificationKeys: await openpgp.readKey({ armoredKey: ada.pub }),
      expectSigned: true,
    });
    assert.equal(data, secret, recipient);
    assert.equal(await signatures[0].verified, true);
  }
  signer.free();
});

test("we decrypt and verify what OpenPGP.js encrypts and signs, with its session key", async () => {
  const message = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: secret }),
    encryptionKeys: await openpgp.readKey({ armoredKey: js("curve25519.pub.asc") }),
    signingKeys: await openpgpjsKey("rsa3072.sec.asc"),
  });
  const key = unlockKey(js("curve25519.sec.asc"), PASS);
  const out = decryptWithKey(message, key, [js("rsa3072.pub.asc")], true);
  assert.equal(out.text, secret);
  assert.ok(out.data instanceof Uint8Array);
  assert.equal(out.signatures[0].verified, true);
  const [sessionKey] = await openpgp.decryptSessionKeys({
    message: await openpgp.readMessage({ armoredMessage: message }),
    decryptionKeys: await openpgpjsKey("curve25519.sec.asc"),
  });
  const hex = Buffer.from(sessionKey.data).toString("hex").toUpperCase();
  assert.equal(out.session_key, `${openpgp.enums.write(openpgp.enums.symmetric, sessionKey.algorithm)}:${hex}`);
  assert.equal(decryptWithSessionKey(message, out.session_key).text, secret);
});

test("password-encrypted messages from OpenPGP.js decrypt with the password", async () => {
  const message = await openpgp.encrypt({ message: await openpgp.createMessage({ text: "by password" }), passwords: ["correct horse"] });
  assert.equal(decryptWithPassword(message, "correct horse").text, "by password");
  assert.throws(() => decryptWithPassword(message, "wrong"), { name: "PgpError", code: "DECRYPTION_FAILED" });
});

test("errors are typed: wrong passphrase, unusable recipient, missing signature", () => {
  assert.throws(() => unlockKey(ada.sec, "nope"), { name: "PgpError", code: "WRONG_PASSPHRASE" });
  assert.throws(() => encrypt("x", [readText("keys", "gnupg", "expired.pub.asc")]), (e) => {
    assert.equal(e.code, "UNUSABLE_RECIPIENT");
    assert.match(e.message, /has expired/);
    return true;
  });
  const key = unlockKey(ada.sec, "ada-fixture-passphrase");
  const unsigned = encrypt(new TextEncoder().encode("bytes"), [ada.pub]);
  assert.throws(() => decryptWithKey(unsigned, key, [ada.pub], true), { code: "SIGNATURE_REQUIRED" });
  assert.equal(decryptWithKey(unsigned, key).text, "bytes");
});
