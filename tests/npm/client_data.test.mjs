// PassboltClient's data calls from the packed package in Node, against the test server:
// the decrypted list for each key shape, secrets and their signers, create / update / share /
// delete, folders, users, groups and the key sync.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import init, { PassboltClient, unlockKey } from "passbolt-core";
import { startServer, person } from "./server.mjs";

await init();
const server = await startServer();
test.after(() => server.stop());
const contents = JSON.parse(readFileSync(new URL("../server/seed/contents.json", import.meta.url), "utf8"));

async function loggedIn(name, options = {}) {
  const p = person(name);
  const client = new PassboltClient(server.url, options);
  await client.login(unlockKey(p.privateKey, p.passphrase));
  return client;
}

for (const name of ["ada", "betty", "carol"]) {
  test(`${name}: the decrypted list holds exactly the seeded resources they can read`, async () => {
    const progress = [];
    const client = await loggedIn(name, { onProgress: (done, total) => progress.push([done, total]) });
    const list = await client.resources();
    const expected = contents.filter((r) => r.readers.includes(name));
    const byId = new Map(list.resources.map((r) => [r.id, r]));
    for (const r of expected) {
      const got = byId.get(r.id);
      assert.ok(got, `${name} lists ${r.key}`);
      assert.equal(got.error, null, `${r.key}: ${got.error?.message}`);
      assert.equal(got.metadata.name, r.metadata.name, r.key);
      assert.equal(got.resource_type, r.resource_type, r.key);
    }
    const v5 = expected.filter((r) => r.metadata_key_type).length;
    assert.equal(list.decrypted, v5);
    assert.deepEqual(progress.at(-1), [v5, v5]);
    // The second listing decrypts nothing: every v5 item is unchanged.
    const again = await client.resources();
    assert.equal(again.decrypted, 0);
    assert.ok(again.resources.filter((r) => r.metadata_key_type).every((r) => r.decrypted_via === "unchanged"));
  });

  test(`${name}: every secret they can read decrypts, with its signer reported`, async () => {
    const client = await loggedIn(name);
    await client.syncKeys();
    for (const r of contents.filter((r) => r.readers.includes(name))) {
      const secret = await client.secret(r.id);
      assert.equal(secret.resource_id, r.id);
      assert.equal(secret.resource_type, r.resource_type);
      const expected = typeof r.secret === "string" && r.secret.startsWith("{") ? JSON.parse(r.secret) : r.secret;
      if (typeof expected === "string") assert.equal(secret.data.password, expected, r.key);
      else if (expected.password !== undefined) assert.equal(secret.data.password, expected.password, r.key);
      for (const s of secret.signers) assert.equal(typeof s.verified, "boolean");
    }
  });
}

test("create, read back, share with betty, update, and delete a v5 resource", async () => {
  const ada = await loggedIn("ada");
  const input = {
    metadata: { name: "npm created", username: "ada", uris: ["https://npm.example"] },
    secret: { password: "npm-S3cret!", description: "made by the npm test" },
  };
  const created = await ada.createResource(input);
  assert.equal(created.metadata.name, "npm created");
  assert.equal(input.secret.password, "npm-S3cret!", "the input is left as it was");
  const secret = await ada.secret(created.id);
  assert.equal(secret.data.password, "npm-S3cret!");
  assert.equal(secret.verified, true);
  const users = await ada.users();
  const betty = users.find((u) => u.username === person("betty").username);
  const outcome = await ada.shareResource(created.id, [{ aro: "User", aro_foreign_key: betty.id, type: 7 }]);
  assert.deepEqual(outcome.added, [betty.id]);
  const bettyClient = await loggedIn("betty");
  await bettyClient.syncKeys();
  const bettySees = await bettyClient.secret(created.id);
  assert.equal(bettySees.data.password, "npm-S3cret!");
  assert.equal(bettySees.signers[0].user_id, person("ada").user_id);
  assert.equal(bettySees.verified, true);
  const updated = await ada.updateResource(created.id, {
    metadata: { name: "npm updated", username: "ada", uris: [] },
    secret: { password: "npm-N3w!", description: "" },
  });
  assert.equal(updated.metadata.name, "npm updated");
  assert.equal((await bettyClient.secret(created.id)).data.password, "npm-N3w!");
  await ada.deleteResource(created.id);
  await assert.rejects(ada.secret(created.id), { code: "NOT_FOUND" });
});

test("bad input is refused before anything is sent, with the rule", async () => {
  const ada = await loggedIn("ada");
  const before = (await ada.resources()).resources.length;
  const long = { metadata: { name: "n".repeat(256) }, secret: { password: "x" } };
  await assert.rejects(ada.createResource(long), (e) => {
    assert.equal(e.name, "ApiError");
    assert.equal(e.code, "INVALID_INPUT");
    assert.ok(e.violations.some((v) => v.path.endsWith("name")), JSON.stringify(e.violations));
    return true;
  });
  assert.equal((await ada.resources()).resources.length, before, "nothing was created");
  // A field of the wrong type: serde would quote the value, the error does not.
  assert.throws(() => ada.createResource({ metadata: { name: "n" }, secret: { password: "p" }, personal: "hunter2" }), (e) => {
    assert.equal(e.code, "INVALID_OPTION");
    assert.ok(!e.message.includes("hunter2"), e.message);
    return true;
  });
  await assert.rejects(ada.shareResource("not-a-uuid", []), (e) => e.code === "INVALID_INPUT" || e.code === "NOT_FOUND");
});

test("folders: create one and move a resource into it", async () => {
  const ada = await loggedIn("ada");
  const folder = await ada.createFolder("npm folder");
  assert.equal(folder.name, "npm folder");
  const created = await ada.createResource({ metadata: { name: "to move" }, secret: { password: "m" } });
  await ada.moveResource(created.id, folder.id);
  const moved = (await ada.resources()).resources.find((r) => r.id === created.id);
  assert.equal(moved.folder_parent_id, folder.id);
  assert.ok((await ada.folders()).some((f) => f.id === folder.id));
});

test("users, groups and the key sync", async () => {
  const ada = await loggedIn("ada");
  const users = await ada.users();
  assert.ok(users.some((u) => u.username === person("carol").username && u.gpgkey?.fingerprint === person("carol").fingerprint));
  const groups = await ada.groups();
  assert.ok(groups.length >= 1);
  const first = await ada.syncKeys();
  assert.ok(first.updated.includes(person("betty").user_id));
  const second = await ada.syncKeys();
  assert.deepEqual(second, { updated: [], removed: [] });
});

test("calls that need a session say NOT_LOGGED_IN", async () => {
  const client = new PassboltClient(server.url);
  await assert.rejects(client.resources(), { name: "ClientError", code: "NOT_LOGGED_IN" });
  await assert.rejects(client.secret(contents[0].id), { code: "NOT_LOGGED_IN" });
});
