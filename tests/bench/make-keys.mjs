// Makes the benchmark's keys once with OpenPGP.js 6.3.2 (committed as tests/bench/keys.json):
// 10 Curve25519 legacy and 10 RSA-3072 public keys for the 10-recipient rows, and an ECC
// private key locked with iterated S2K count bytes 224 and 255 for the unlock rows.
// Usage: node tests/bench/make-keys.mjs
import { writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import * as openpgp from "openpgp";

const here = dirname(fileURLToPath(import.meta.url));
const date = new Date("2026-01-15T10:00:00Z");
const PASSPHRASE = "bench-passphrase";

async function publicKeys(options, count) {
  const keys = [];
  for (let i = 0; i < count; i++) {
    const { publicKey } = await openpgp.generateKey({
      ...options,
      date,
      userIDs: [{ name: `Bench Recipient ${i}`, email: `recipient${i}@bench.test` }],
    });
    keys.push(publicKey);
  }
  return keys;
}

async function lockedWith(countByte) {
  const { privateKey } = await openpgp.generateKey({
    type: "ecc", curve: "curve25519Legacy", date, format: "object",
    userIDs: [{ name: `Bench S2K ${countByte}`, email: `s2k${countByte}@bench.test` }],
  });
  const locked = await openpgp.encryptKey({
    privateKey, passphrase: PASSPHRASE, config: { s2kIterationCountByte: countByte },
  });
  return locked.armor();
}

const keys = {
  about: "Benchmark keys made by tests/bench/make-keys.mjs with OpenPGP.js 6.3.2. Test-only.",
  passphrase: PASSPHRASE,
  ecc_recipients: await publicKeys({ type: "ecc", curve: "curve25519Legacy" }, 10),
  rsa_recipients: await publicKeys({ type: "rsa", rsaBits: 3072 }, 10),
  s2k_224: await lockedWith(224),
  s2k_255: await lockedWith(255),
};
writeFileSync(join(here, "keys.json"), JSON.stringify(keys, null, 1) + "\n");
console.log("wrote tests/bench/keys.json");
