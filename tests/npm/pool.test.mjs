// passbolt-core/pool in Node: worker threads, each unlocking its own copy of the key, give
// the results of UnlockedKey.decryptMany for the same items.
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as openpgp from "openpgp";
import { unlockKey } from "passbolt-core";
import { DecryptPool } from "passbolt-core/pool";
import { readText } from "./helpers.mjs";
import { armoredMessages, verificationKeys } from "./vector_keys.mjs";

const ada = { sec: readText("fixtures", "keys", "ada_private.asc"), pub: readText("fixtures", "keys", "ada_public.asc"), pass: "ada-fixture-passphrase" };

// Messages made by OpenPGP.js for ada (signed by her), each with its own text.
const publicKey = await openpgp.readKey({ armoredKey: ada.pub });
const signingKey = await openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey: ada.sec }), passphrase: ada.pass });
const texts = Array.from({ length: 40 }, (_, i) => `secret number ${i} ${"x".repeat(i)}`);
const made = await Promise.all(texts.map(async (text) =>
  openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: publicKey, signingKeys: signingKey })));
const madeItems = made.map((message, i) => ({ id: `made-${i}`, message }));

test("the pool's results are decryptMany's, in order, over OpenPGP.js messages and every vector message", async () => {
  const pool = await DecryptPool.start(ada.sec, ada.pass, { workers: 2 });
  try {
    assert.equal(pool.size, 2);
    const vectorItems = armoredMessages().map(([label, message]) => ({ id: label, message }));
    const items = [...madeItems, ...vectorItems];
    const ours = await pool.decryptMany(items, verificationKeys());
    const key = unlockKey(ada.sec, ada.pass);
    assert.deepEqual(ours, key.decryptMany(items, verificationKeys()));
    key.free();
    assert.deepEqual(ours.slice(0, texts.length).map((r) => r.text), texts);
    assert.ok(ours.slice(0, texts.length).every((r) => r.signatures.length === 1 && r.signatures[0].verified));
    assert.ok(ours.some((r) => !r.ok), "some vector messages are not for ada");
  } finally {
    await pool.close();
  }
});

test("batches at the same time each get their own results; an empty batch is empty", async () => {
  const pool = await DecryptPool.start(ada.sec, ada.pass, { workers: 3 });
  try {
    const [a, b, empty] = await Promise.all([
      pool.decryptMany(madeItems),
      pool.decryptMany([...madeItems].reverse()),
      pool.decryptMany([]),
    ]);
    assert.deepEqual(a.map((r) => r.text), texts);
    assert.deepEqual(b.map((r) => r.text), [...texts].reverse());
    assert.deepEqual(empty, []);
  } finally {
    await pool.close();
  }
});

test("a worker holds its next chunk while it decrypts one; close() during a batch rejects it", async () => {
  // One worker: every chunk of a batch goes to it, two posted at a time, which it must take
  // in order (a reply given to the wrong request would put results out of order).
  const pool = await DecryptPool.start(ada.sec, ada.pass, { workers: 1 });
  const batches = await Promise.all([pool.decryptMany(madeItems), pool.decryptMany(madeItems.slice(3, 9))]);
  assert.deepEqual(batches[0].map((r) => r.text), texts);
  assert.deepEqual(batches[1].map((r) => r.text), texts.slice(3, 9));
  // 40 items make seven chunks; close() comes after the first two were posted.
  const running = assert.rejects(pool.decryptMany(madeItems), { name: "PoolError", code: "POOL_CLOSED" });
  await pool.close();
  await running;
});

test("a wrong passphrase rejects start as unlockKey throws", async () => {
  await assert.rejects(DecryptPool.start(ada.sec, "nope", { workers: 2 }), { name: "PgpError", code: "WRONG_PASSPHRASE" });
  await assert.rejects(DecryptPool.start("not a key", ada.pass, { workers: 1 }), { name: "PgpError" });
});

test("bad arguments are TypeErrors and RangeErrors; a closed pool is a PoolError", async () => {
  await assert.rejects(DecryptPool.start(42, ada.pass), TypeError);
  await assert.rejects(DecryptPool.start(ada.sec, ada.pass, { workers: 0 }), RangeError);
  await assert.rejects(DecryptPool.start(ada.sec, ada.pass, { workers: 1.5 }), RangeError);
  assert.throws(() => new DecryptPool([], Symbol("pool")), TypeError);
  const pool = await DecryptPool.start(ada.sec, ada.pass, { workers: 1 });
  await assert.rejects(pool.decryptMany("nope"), TypeError);
  await assert.rejects(pool.decryptMany(madeItems, "not a list"), TypeError);
  // An item without a message fails the batch as decryptMany throws.
  await assert.rejects(pool.decryptMany([{ id: "x" }]), (e) => e instanceof TypeError && /message/.test(e.message));
  // ... and the pool still works after it.
  assert.equal((await pool.decryptMany(madeItems.slice(0, 2)))[1].text, texts[1]);
  await pool.close();
  await pool.close();
  await assert.rejects(pool.decryptMany(madeItems), { name: "PoolError", code: "POOL_CLOSED" });
});

test("an idle pool that was never closed does not keep Node running", () => {
  const script = `
    import { DecryptPool } from "passbolt-core/pool";
    const pool = await DecryptPool.start(${JSON.stringify(ada.sec)}, ${JSON.stringify(ada.pass)}, { workers: 2 });
    const [result] = await pool.decryptMany([{ id: "a", message: ${JSON.stringify(made[0])} }]);
    console.log(result.text);`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: import.meta.dirname, encoding: "utf8", timeout: 60_000 });
  assert.equal(run.signal, null, "Node did not exit by itself");
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, `${texts[0]}\n`);
});

test("the browser pool stops the workers it started when a later one cannot start", async () => {
  // The browser entry (pool.js, the package's default condition) with a stand-in Worker
  // whose second construction throws, as a bad URL or a security error does.
  const { DecryptPool: BrowserPool } = await import(new URL("./node_modules/passbolt-core/pool.js", import.meta.url));
  const made = [];
  const saved = globalThis.Worker;
  globalThis.Worker = class {
    constructor() {
      if (made.length === 1) throw new DOMException("blocked by the page's policy", "SecurityError");
      this.terminated = false;
      made.push(this);
    }
    postMessage() {}
    terminate() {
      this.terminated = true;
    }
  };
  try {
    const wasm = new WebAssembly.Module(readFileSync(new URL("./node_modules/passbolt-core/passbolt_core_bg.wasm", import.meta.url)));
    await assert.rejects(BrowserPool.start("armored", "passphrase", { workers: 3, wasm }), { name: "SecurityError" });
    assert.equal(made.length, 1);
    assert.equal(made[0].terminated, true);
  } finally {
    globalThis.Worker = saved;
  }
});
