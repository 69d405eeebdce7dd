// PassboltClient against a hostile server: a proxy in front of the test server tampers with
// one kind of answer per case. Each case must end in its typed error, and the same client
// must then log in through the honest proxy (no state of the client corrupted).
import test from "node:test";
import assert from "node:assert/strict";
import init, { PassboltClient, unlockKey, decryptWithKey, encryptSigned, generateUnlockedKey } from "passbolt-core";
import { readFileSync } from "node:fs";
import { startServer, startProxy, person } from "./server.mjs";

await init();
const proxy = await startProxy();
const server = await startServer({ baseUrl: proxy.url });
proxy.upstream = server.url;
test.after(async () => {
  await proxy.stop();
  await server.stop();
});

const ada = person("ada");
const adaKey = unlockKey(ada.privateKey, ada.passphrase);
const serverKeys = JSON.parse(readFileSync(new URL("../server/seed/keys.json", import.meta.url), "utf8"));
const serverPrivate = readFileSync(new URL("../server/seed/" + serverKeys.server.private, import.meta.url), "utf8");
const serverKey = unlockKey(serverPrivate, serverKeys.server.passphrase);
const betty = person("betty");
const bettyKey = unlockKey(betty.privateKey, betty.passphrase);

const header = (answer, name) => answer.headers.find(([k]) => k === name)?.[1];
const setHeader = (answer, name, value) => {
  answer.headers = answer.headers.filter(([k]) => k !== name).concat([[name, value]]);
  return answer;
};
const envelopeBody = (answer) => JSON.parse(answer.body);

/** Runs `attempt(client)` with `tamper` on, checks the error, then logs in honestly. */
async function hostile(name, tamper, check, { options = {}, attempt = (c) => c.login(adaKey) } = {}) {
  const client = new PassboltClient(proxy.url, { timeoutMs: 2000, ...options });
  proxy.tamper = tamper;
  try {
    await assert.rejects(attempt(client), (e) => {
      check(e);
      assert.ok(!String(e.message).includes("BEGIN PGP"), `${name}: no armored data in the message`);
      return true;
    }, name);
  } finally {
    proxy.tamper = null;
  }
  const info = await client.login(adaKey);
  assert.equal(info.user_id, ada.user_id, `${name}: an honest login works afterwards`);
  await client.logout();
}

test("the server presents another key than the pinned one: SERVER_KEY_CHANGED", async () => {
  await hostile("key swap", (a) => {
    if (a.path !== "/auth/verify.json" || a.method !== "GET") return;
    const env = envelopeBody(a);
    env.body = { fingerprint: betty.fingerprint, keydata: betty.publicKey };
    a.body = JSON.stringify(env);
  }, (e) => {
    assert.equal(e.code, "SERVER_KEY_CHANGED");
    assert.equal(e.pinned, serverKeys.server.fingerprint);
    assert.equal(e.presented, betty.fingerprint);
  }, { options: { serverFingerprint: serverKeys.server.fingerprint } });
});

test("the server declares another fingerprint than its key's: SERVER_KEY_MISMATCH", async () => {
  await hostile("declared fingerprint", (a) => {
    if (a.path !== "/auth/verify.json" || a.method !== "GET") return;
    const env = envelopeBody(a);
    env.body.fingerprint = betty.fingerprint;
    a.body = JSON.stringify(env);
  }, (e) => assert.equal(e.code, "SERVER_KEY_MISMATCH"));
});

test("the server echoes a wrong verify token: VERIFY_TOKEN_MISMATCH", async () => {
  await hostile("verify token", (a) => {
    if (a.path !== "/auth/verify.json" || a.method !== "POST") return;
    setHeader(a, "x-gpgauth-verify-response", "gpgauthv1.3.0|36|10e2074b-0bc4-4c9c-8ae0-0d3a7a2e8b5b|gpgauthv1.3.0");
  }, (e) => assert.equal(e.code, "VERIFY_TOKEN_MISMATCH"));
});

test("the login token is signed by another key: TOKEN_NOT_SIGNED_BY_SERVER", async () => {
  await hostile("token signer", (a) => {
    const encoded = header(a, "x-gpgauth-user-auth-token");
    if (!encoded) return;
    const armored = decodeURIComponent(encoded.replace(/\+/g, " ")).replace(/\\(.)/g, "$1");
    const token = decryptWithKey(armored, adaKey).text;
    const forged = encryptSigned(token, [ada.publicKey], bettyKey);
    setHeader(a, "x-gpgauth-user-auth-token", encodeURIComponent(forged));
  }, (e) => assert.equal(e.code, "TOKEN_NOT_SIGNED_BY_SERVER"));
});

test("the login token header is not decodable: HEADER_ENCODING or INVALID_TOKEN", async () => {
  await hostile("token encoding", (a) => {
    if (header(a, "x-gpgauth-user-auth-token")) setHeader(a, "x-gpgauth-user-auth-token", "%FF%FE");
  }, (e) => assert.equal(e.code, "HEADER_ENCODING"));
});

/** Re-signs the JWT login reply with the real server key after `change(challenge)`. */
const jwtTamper = (change) => (a) => {
  if (a.path !== "/auth/jwt/login.json" || a.status !== 200) return;
  const env = envelopeBody(a);
  const challenge = JSON.parse(decryptWithKey(env.body.challenge, adaKey).text);
  change(challenge);
  env.body.challenge = encryptSigned(JSON.stringify(challenge), [ada.publicKey], serverKey);
  a.body = JSON.stringify(env);
};
const jwtLogin = (c) => c.loginJwt(adaKey, ada.user_id);

test("a JWT challenge reply with another verify_token: CHALLENGE_VERIFY_TOKEN_MISMATCH", async () => {
  await hostile("jwt verify_token", jwtTamper((c) => (c.verify_token = "6bd6f8a2-8d4e-4e0b-9f6e-2a7c1d3b5e90")),
    (e) => assert.equal(e.code, "CHALLENGE_VERIFY_TOKEN_MISMATCH"), { attempt: jwtLogin });
});

test("a JWT challenge reply for another domain: CHALLENGE_DOMAIN_MISMATCH", async () => {
  await hostile("jwt domain", jwtTamper((c) => (c.domain = "https://evil.example/")),
    (e) => assert.equal(e.code, "CHALLENGE_DOMAIN_MISMATCH"), { attempt: jwtLogin });
});

test("a JWT challenge reply signed by another key: CHALLENGE_NOT_SIGNED_BY_SERVER", async () => {
  await hostile("jwt signer", (a) => {
    if (a.path !== "/auth/jwt/login.json" || a.status !== 200) return;
    const env = envelopeBody(a);
    const text = decryptWithKey(env.body.challenge, adaKey).text;
    env.body.challenge = encryptSigned(text, [ada.publicKey], bettyKey);
    a.body = JSON.stringify(env);
  }, (e) => assert.equal(e.code, "CHALLENGE_NOT_SIGNED_BY_SERVER"), { attempt: jwtLogin });
});

test("an HTML page instead of JSON: HTML_BODY", async () => {
  await hostile("html", (a) => {
    if (a.path !== "/auth/verify.json") return;
    a.status = 502;
    a.body = "<html><body>502 Bad Gateway</body></html>";
    setHeader(a, "content-type", "text/html");
  }, (e) => {
    assert.equal(e.name, "EnvelopeError");
    assert.equal(e.code, "HTML_BODY");
    assert.equal(e.http_status, 502);
  });
});

test("truncated JSON: INVALID_JSON", async () => {
  await hostile("truncated", (a) => {
    if (a.path === "/auth/login.json") a.body = a.body.slice(0, Math.floor(a.body.length / 2));
  }, (e) => assert.equal(e.code, "INVALID_JSON"));
});

test("a 500 error envelope: SERVER_ERROR with the status", async () => {
  await hostile("500", (a) => {
    if (a.path !== "/auth/verify.json" || a.method !== "GET") return;
    const env = envelopeBody(a);
    Object.assign(env.header, { status: "error", code: 500, message: "Internal Server Error" });
    env.body = {};
    a.status = 500;
    a.body = JSON.stringify(env);
  }, (e) => {
    assert.equal(e.code, "SERVER_ERROR");
    assert.equal(e.http_status, 500);
  });
});

test("a server that never answers: TIMEOUT", async () => {
  await hostile("hang", (a) => (a.path === "/auth/login.json" ? { hang: true } : undefined),
    (e) => {
      assert.equal(e.code, "TIMEOUT");
      assert.equal(e.after_ms, 2000);
    });
});

const contents = JSON.parse(readFileSync(new URL("../server/seed/contents.json", import.meta.url), "utf8"));

test("metadata of one resource served under another's id: an item error, the rest intact", async () => {
  const client = new PassboltClient(proxy.url);
  await client.login(adaKey);
  // Two shared v5 resources ada reads, of different types.
  const a = contents.find((r) => r.key === "shared-v5-default");
  const b = contents.find((r) => r.key === "shared-v5-password-string");
  proxy.tamper = (answer) => {
    if (answer.path !== "/resources.json" || answer.method !== "GET") return;
    const env = envelopeBody(answer);
    const ra = env.body.find((r) => r.id === a.id);
    const rb = env.body.find((r) => r.id === b.id);
    [ra.metadata, rb.metadata] = [rb.metadata, ra.metadata];
    answer.body = JSON.stringify(env);
  };
  let list;
  try {
    list = await client.resources();
  } finally {
    proxy.tamper = null;
  }
  for (const r of [a, b]) {
    const got = list.resources.find((x) => x.id === r.id);
    assert.equal(got.metadata, null, r.key);
    assert.equal(got.error.code, "RESOURCE_TYPE_MISMATCH", r.key);
  }
  const others = list.resources.filter((x) => x.id !== a.id && x.id !== b.id);
  assert.ok(others.length > 0 && others.every((x) => x.error === null));
  // The honest list afterwards decrypts them (nothing cached from the forged answer).
  const honest = await client.resources();
  assert.equal(honest.resources.find((x) => x.id === a.id).metadata.name, a.metadata.name);
  assert.equal(honest.resources.find((x) => x.id === b.id).metadata.name, b.metadata.name);
  await client.logout();
});

test("a secret signed by an unknown key: decrypted, and the signer reported as not verified", async () => {
  const client = new PassboltClient(proxy.url);
  await client.login(adaKey);
  await client.syncKeys();
  const r = contents.find((x) => x.key === "shared-v5-default");
  const stranger = generateUnlockedKey("curve25519", "Mallory", "mallory@evil.example");
  proxy.tamper = (answer) => {
    if (!answer.path.startsWith("/secrets/resource/")) return;
    const env = envelopeBody(answer);
    const clear = decryptWithKey(env.body.data, adaKey).text;
    env.body.data = encryptSigned(clear, [ada.publicKey], stranger);
    answer.body = JSON.stringify(env);
  };
  let secret;
  try {
    secret = await client.secret(r.id);
  } finally {
    proxy.tamper = null;
  }
  assert.equal(secret.verified, false);
  assert.equal(secret.signers.length, 1);
  assert.equal(secret.signers[0].verified, false);
  assert.equal(secret.signers[0].user_id, null);
  const honest = await client.secret(r.id);
  assert.equal(honest.verified, true);
  assert.equal(honest.data.password, secret.data.password);
  await client.logout();
});

test("a forged CSRF cookie: CSRF_FAILED on the first write, and the input is kept", async () => {
  const input = { metadata: { name: "csrf victim" }, secret: { password: "kept" } };
  await hostile("csrf", (a) => {
    a.cookies = a.cookies.map((c) => (c.startsWith("csrfToken=") ? "csrfToken=forged; Path=/" : c));
  }, (e) => {
    assert.equal(e.name, "ClientError");
    assert.equal(e.code, "CSRF_FAILED");
  }, {
    attempt: async (c) => {
      await c.login(adaKey);
      await c.createResource(input);
    },
  });
  assert.deepEqual(input, { metadata: { name: "csrf victim" }, secret: { password: "kept" } });
});
