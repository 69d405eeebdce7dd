// The benchmark rows of ../shared/performance.md, for any runtime: our package (`core`) and
// OpenPGP.js (`openpgp`) in the same process or page, same keys and messages, interleaved
// rounds, medians. No Node or browser API here: the runners (node.mjs, chromium.mjs) pass in
// the modules and the key texts.
//
// Each row: { operation, ours_ms, openpgpjs_ms, ratio (OpenPGP.js time / ours; above 1 we
// are faster), plain_rpgp_wasm_ms (performance.md's figure for plain rPGP in wasm, the floor
// no row may be slower than), ours_api }.

const SECRET = "x".repeat(100); // a 100-byte secret, as performance.md measures

/** The median of `xs`. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** ms per item of `fn` over `items`, awaited one by one. */
export async function perOp(fn, items) {
  const t0 = performance.now();
  for (const item of items) {
    // A promise (OpenPGP.js, our async calls) is awaited; a synchronous call is not, as its
    // users do not await it either (an await costs a microtask turn per item).
    const result = fn(item);
    if (typeof result?.then === "function") await result;
  }
  return (performance.now() - t0) / items.length;
}

/** Interleaves ours and theirs for `rounds` rounds; returns both medians. */
async function race(rounds, ours, theirs) {
  const a = [], b = [];
  for (let r = 0; r < rounds; r++) {
    a.push(await ours());
    b.push(await theirs());
  }
  return { ours_ms: median(a), openpgpjs_ms: median(b) };
}

const range = (n) => Array.from({ length: n }, (_, i) => i);

/**
 * Runs every row. `pool`: the package's `DecryptPool` (passbolt-core/pool). `keys`: { ada: {pub, sec, pass}, betty: {...}, bench } where `bench` is
 * tests/bench/keys.json. `options`: { messages (per decrypt row), rounds, rsaGenerations,
 * only (substring filter) }. `log(text)` reports progress.
 */
export async function runSuite({ core, pool, openpgp, keys, options = {}, log = () => {} }) {
  const messagesCount = options.messages ?? 1000;
  const rounds = options.rounds ?? 5;
  const rsaGenerations = options.rsaGenerations ?? 2;
  const rows = [];
  const want = (name) => !options.only || options.only.split("|").some((o) => name.includes(o));
  const add = async (operation, plain, ours_api, measure) => {
    if (!want(operation)) return;
    log(`running: ${operation}`);
    const row = { operation, ...(await measure()), plain_rpgp_wasm_ms: plain, ours_api };
    row.ratio = row.openpgpjs_ms / row.ours_ms;
    rows.push(row);
    log(`  ours ${row.ours_ms.toFixed(4)} ms, OpenPGP.js ${row.openpgpjs_ms.toFixed(4)} ms, ${row.ratio.toFixed(2)}x`);
  };

  const theirPrivate = async (armoredKey, passphrase) =>
    openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey }), passphrase });
  const shapes = [
    { label: "ECC", key: keys.ada, recipients: keys.bench.ecc_recipients },
    { label: "RSA", key: keys.betty, recipients: keys.bench.rsa_recipients },
  ];

  // Key generation. Ours returns an unlocked key (no S2K), as OpenPGP.js's unprotected
  // generation does; both make a v4 primary + encryption subkey with a name <email> uid.
  const uid = { name: "Bench User", email: "bench@example.test" };
  await add("generate key ECC", 1.4, "generateUnlockedKey", () =>
    race(rounds, () => perOp(() => core.generateUnlockedKey("curve25519", uid.name, uid.email).free(), range(10)),
      () => perOp(() => openpgp.generateKey({ type: "ecc", curve: "curve25519Legacy", userIDs: [uid], format: "object" }), range(10))));
  for (const bits of [3072, 4096]) {
    const plain = bits === 3072 ? 12272 : 18939;
    const theirs = () => perOp(() => openpgp.generateKey({ type: "rsa", rsaBits: bits, userIDs: [uid], format: "object" }), range(rsaGenerations));
    await add(`generate key RSA-${bits}`, plain, "generateUnlockedKey", () =>
      race(1, () => perOp(() => core.generateUnlockedKey(`rsa${bits}`, uid.name, uid.email).free(), range(rsaGenerations)), theirs));
    // The RSA keys by WebCrypto in a browser (by node:crypto in Node, as the sync call).
    await add(`generate key RSA-${bits} (async)`, plain, "generateUnlockedKeyAsync", () =>
      race(1, () => perOp(async () => (await core.generateUnlockedKeyAsync(`rsa${bits}`, uid.name, uid.email)).free(), range(rsaGenerations)), theirs));
  }

  // Encrypt + sign, 1 and 10 recipients: our keyring (keys read once) vs OpenPGP.js key
  // objects (read once).
  for (const { label, key, recipients } of shapes) {
    const ring = new core.Keyring();
    const fingerprints = recipients.map((k) => ring.add(k));
    const ourSigner = core.unlockKey(key.sec, key.pass);
    const theirSigner = await theirPrivate(key.sec, key.pass);
    const theirRecipients = await Promise.all(recipients.map((armoredKey) => openpgp.readKey({ armoredKey })));
    for (const count of [1, 10]) {
      const plain = { ECC: { 1: 0.48, 10: 3.5 }, RSA: { 1: 32.6, 10: 59.2 } }[label][count];
      const n = label === "RSA" ? 10 : 50;
      await add(`encrypt+sign, ${count} recipient${count > 1 ? "s" : ""}, ${label}`, plain, "Keyring.encryptSigned", () =>
        race(rounds, () => perOp(() => ring.encryptSigned(SECRET, fingerprints.slice(0, count), ourSigner), range(n)),
          () => perOp(async () => openpgp.encrypt({
            message: await openpgp.createMessage({ text: SECRET }),
            encryptionKeys: theirRecipients.slice(0, count), signingKeys: theirSigner,
          }), range(n))));
    }
    ourSigner.free();
    ring.free();
  }

  // Decryption of many one-recipient messages (made by OpenPGP.js, as the extension stores
  // them): ours is one batch call (decryptMany), OpenPGP.js one decrypt per message.
  for (const { label, key } of shapes) {
    const count = label === "RSA" ? Math.min(messagesCount, 100) : messagesCount;
    const publicKey = await openpgp.readKey({ armoredKey: key.pub });
    const messages = [];
    for (let i = 0; i < count; i++) {
      messages.push(await openpgp.encrypt({ message: await openpgp.createMessage({ text: SECRET }), encryptionKeys: publicKey }));
    }
    const ourKey = core.unlockKey(key.sec, key.pass);
    const theirKey = await theirPrivate(key.sec, key.pass);
    const items = messages.map((message, i) => ({ id: String(i), message }));
    const first = ourKey.decryptMany(items);
    if (!first.every((r) => r.ok && r.text === SECRET)) throw new Error(`${label}: our batch decryption failed`);
    const theirOnce = async (armoredMessage) =>
      openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage }), decryptionKeys: theirKey });
    const plainKey = label === "RSA" ? 27.9 : 0.16;
    await add(`decrypt, per message over ${count}, ${label === "RSA" ? "RSA-3072" : "ECC"}`, plainKey, "UnlockedKey.decryptMany", () =>
      race(label === "RSA" ? 3 : rounds, async () => {
        const t0 = performance.now();
        ourKey.decryptMany(items);
        return (performance.now() - t0) / count;
      }, () => perOp(theirOnce, messages)));
    if (label === "ECC") {
      // The same batch with the X25519 by the platform's WebCrypto (decryptManyAsync).
      const viaWebCrypto = await ourKey.decryptManyAsync(items);
      if (!viaWebCrypto.every((r) => r.ok && r.text === SECRET)) throw new Error("ECC: our async batch decryption failed");
      await add(`decrypt ECC, async batch over ${count}`, plainKey, "UnlockedKey.decryptManyAsync", () =>
        race(rounds, async () => {
          const t0 = performance.now();
          await ourKey.decryptManyAsync(items);
          return (performance.now() - t0) / count;
        }, () => perOp(theirOnce, messages)));
    }
    if (pool) {
      // The same batch over the runtime's workers (passbolt-core/pool), each with its own
      // copy of the key (unlocked once, outside the timing).
      const workers = await pool.start(key.sec, key.pass);
      const viaWorkers = await workers.decryptMany(items);
      if (!viaWorkers.every((r) => r.ok && r.text === SECRET)) throw new Error(`${label}: our pool decryption failed`);
      // Each worker is a fresh JavaScript and wasm engine: in Chromium its batches reach
      // their steady speed after about three (as the other rows' warm-up calls do for the
      // page), so two more warm-up batches, outside the timing.
      for (let warm = 0; warm < 2; warm++) await workers.decryptMany(items);
      await add(`decrypt ${label}, ${workers.size} workers, per message over ${count}`, plainKey, "DecryptPool.decryptMany", () =>
        race(label === "RSA" ? 3 : rounds, async () => {
          const t0 = performance.now();
          await workers.decryptMany(items);
          return (performance.now() - t0) / count;
        }, () => perOp(theirOnce, messages)));
      await workers.close();
    }
    await add(`decrypt, one call per message, ${label}`, plainKey, "decryptWithKey", () =>
      race(label === "RSA" ? 1 : rounds, () => perOp((m) => core.decryptWithKey(m, ourKey), messages.slice(0, 100)),
        () => perOp(theirOnce, messages.slice(0, 100))));

    // Known session keys: the v5 metadata cache.
    const withKeys = first.map((r, i) => ({ id: String(i), message: messages[i], session_key: r.session_key }));
    const theirSessionKeys = first.map((r) => {
      const [algo, hex] = r.session_key.split(":");
      const data = new Uint8Array(hex.length / 2);
      for (let i = 0; i < data.length; i++) data[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
      return { data, algorithm: openpgp.enums.read(openpgp.enums.symmetric, Number(algo)) };
    });
    await add(`decrypt with a known session key, ${label}`, label === "RSA" ? 0.034 : 0.033, "decryptMany (session keys)", () =>
      race(rounds, async () => {
        const t0 = performance.now();
        core.decryptMany(withKeys);
        return (performance.now() - t0) / withKeys.length;
      }, () => perOp(async (i) => openpgp.decrypt({
        message: await openpgp.readMessage({ armoredMessage: messages[i] }), sessionKeys: theirSessionKeys[i],
      }), range(withKeys.length))));
    ourKey.free();
  }

  // Unlocking a private key (iterated+salted S2K, SHA-256 for OpenPGP.js keys).
  for (const [countByte, plain] of [[224, 136], [255, 523]]) {
    const armored = keys.bench[`s2k_${countByte}`];
    const n = countByte === 255 ? 2 : 5;
    await add(`unlock key, iterated S2K count byte ${countByte}`, plain, "unlockKey", () =>
      race(3, () => perOp(() => core.unlockKey(armored, keys.bench.passphrase).free(), range(n)),
        () => perOp(() => theirPrivate(armored, keys.bench.passphrase), range(n))));
  }

  // The same, asynchronously: in a browser the S2K's hashing by WebCrypto (unlockKeyAsync).
  for (const [countByte, plain] of [[224, 136], [255, 523]]) {
    const armored = keys.bench[`s2k_${countByte}`];
    const n = countByte === 255 ? 2 : 5;
    await add(`unlock key (async), iterated S2K count byte ${countByte}`, plain, "unlockKeyAsync", () =>
      race(3, () => perOp(async () => (await core.unlockKeyAsync(armored, keys.bench.passphrase)).free(), range(n)),
        () => perOp(() => theirPrivate(armored, keys.bench.passphrase), range(n))));
  }

  // Reading an armored public key and its fingerprint.
  for (const { label, key } of shapes) {
    await add(`parse armored public key + fingerprint, ${label}`, 0.026, "readKey().fingerprint", () =>
      race(rounds, () => perOp(() => {
        const k = core.readKey(key.pub);
        const fingerprint = k.fingerprint;
        k.free();
        return fingerprint;
      }, range(200)), () => perOp(async () => (await openpgp.readKey({ armoredKey: key.pub })).getFingerprint(), range(200))));
  }
  return rows;
}

/** The human table of `rows`. */
export function formatTable(title, rows) {
  const lines = [title, `${"operation".padEnd(48)}${"ours ms".padStart(11)}${"OpenPGP.js ms".padStart(15)}${"ratio".padStart(8)}${"plain rPGP".padStart(12)}`];
  for (const r of rows) {
    const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(4));
    lines.push(`${r.operation.padEnd(48)}${fmt(r.ours_ms).padStart(11)}${fmt(r.openpgpjs_ms).padStart(15)}${(r.ratio.toFixed(2) + "x").padStart(8)}${fmt(r.plain_rpgp_wasm_ms).padStart(12)}`);
  }
  return lines.join("\n");
}
