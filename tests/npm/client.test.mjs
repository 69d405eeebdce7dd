// PassboltClient from the packed package in Node (the client keeps its own cookie jar),
// against the test server, whose OpenPGP side is GnuPG.
import test from "node:test";
import assert from "node:assert/strict";
import init, { PassboltClient, unlockKey } from "passbolt-core";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { startServer, person } from "./server.mjs";

await init();
const server = await startServer();
test.after(() => server.stop());
const serverFingerprint = JSON.parse(
  readFileSync(new URL("../server/seed/keys.json", import.meta.url), "utf8"),
).server.fingerprint;

const unlock = (name) => {
  const p = person(name);
  return unlockKey(p.privateKey, p.passphrase);
};

test("GPGAuth login for each key shape, session status and logout", async () => {
  for (const name of ["ada", "betty", "carol"]) {
    const client = new PassboltClient(server.url);
    assert.deepEqual(await client.sessionStatus(), { status: "logged-out", providers: [] });
    const info = await client.login(unlock(name));
    assert.equal(info.user_id, person(name).user_id, name);
    assert.equal(info.server_fingerprint, serverFingerprint);
    assert.equal(client.userId, person(name).user_id);
    assert.equal(client.serverFingerprint, serverFingerprint);
    assert.equal(await client.isAuthenticated(), true);
    await client.logout();
    assert.equal(client.userId, undefined);
    assert.equal(await client.isAuthenticated(), false);
  }
});

test("JWT login and logout", async () => {
  const client = new PassboltClient(server.url);
  const info = await client.loginJwt(unlock("ada"), person("ada").user_id);
  assert.equal(info.user_id, person("ada").user_id);
  assert.equal(info.user, null);
  assert.equal(await client.isAuthenticated(), true);
  await client.logout();
  assert.equal(await client.isAuthenticated(), false);
});

test("verifyServer pins on first use; a pinned fingerprint is kept", async () => {
  const client = new PassboltClient(server.url);
  const first = await client.verifyServer(person("ada").fingerprint);
  assert.deepEqual(first, { fingerprint: serverFingerprint, first_use: true });
  const again = await client.verifyServer(person("ada").fingerprint);
  assert.equal(again.first_use, false);
  const pinned = new PassboltClient(server.url, { serverFingerprint: serverFingerprint.toLowerCase() });
  assert.equal((await pinned.verifyServer(person("ada").fingerprint)).first_use, false);
});

test("MFA: MFA_REQUIRED lists the providers, a wrong code is refused, the right one completes", async () => {
  const client = new PassboltClient(server.url);
  await assert.rejects(client.login(unlock("dame")), (e) => {
    assert.equal(e.name, "ClientError");
    assert.equal(e.code, "MFA_REQUIRED");
    assert.deepEqual(e.providers, ["totp"]);
    return true;
  });
  assert.deepEqual(await client.sessionStatus(), { status: "mfa-required", providers: ["totp"] });
  await assert.rejects(client.verifyTotp("12"), { code: "INVALID_TOTP_CODE" });
  await assert.rejects(client.verifyTotp("000000"), (e) => e.code === "SERVER_ERROR" || e.code === "REQUEST_REJECTED");
  await client.verifyTotp(totp(person("dame").totp_secret));
  assert.equal(await client.isAuthenticated(), true);
});

test("constructor options and URLs are checked", () => {
  assert.throws(() => new PassboltClient("passbolt.example.com"), { name: "ClientError", code: "INVALID_URL" });
  assert.throws(() => new PassboltClient("https://a.example", { timeoutMs: 0 }), { code: "INVALID_OPTION" });
  assert.throws(() => new PassboltClient("https://a.example", { cookies: "maybe" }), { code: "INVALID_OPTION" });
  assert.throws(() => new PassboltClient("https://a.example", { onProgress: 3 }), { code: "INVALID_OPTION" });
  assert.throws(() => new PassboltClient("https://a.example", { serverFingerprint: "xyz" }), { name: "AuthError", code: "INVALID_FINGERPRINT" });
  assert.equal(new PassboltClient("https://a.example/pb/").url, "https://a.example/pb");
});

test("an unreachable server is NETWORK", async () => {
  const client = new PassboltClient("http://127.0.0.1:9");
  await assert.rejects(client.login(unlock("ada")), { name: "ClientError", code: "NETWORK" });
});

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) of a base32 secret, with node:crypto. */
function totp(secret, now = Date.now()) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/=+$/, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / 30)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, "0");
}
