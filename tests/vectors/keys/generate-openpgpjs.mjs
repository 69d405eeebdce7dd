// Generates the OpenPGP.js test keys in tests/vectors/keys/openpgpjs/ (<name>.pub.asc and
// <name>.sec.asc).
//
// What it proves: nothing by itself; it makes keys exactly the way the Passbolt browser
// extension does (openpgp.generateKey with type 'ecc' / curve 'curve25519Legacy', or type 'rsa'
// with 3072 or 4096 bits, a name + email user id, a passphrase, armored output), so that
// crate/tests/key_info_gnupg.rs can check passbolt_core::pgp::key_info on them against GnuPG.
//
// The creation date is fixed (2026-01-15T10:00:00Z) so dates in the listing are stable; the key
// material is random, so fingerprints change on every run (the test does not hard-code them).
// Every secret key is protected with the passphrase below (see ../README.md).
//
// Usage: node tests/vectors/keys/generate-openpgpjs.mjs   (needs `npm ci` at the repo root)
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as openpgp from 'openpgp';

const PASSPHRASE = 'passbolt-test-passphrase';
const CREATED = new Date('2026-01-15T10:00:00Z');
const TEN_YEARS = 10 * 365 * 24 * 60 * 60;

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'openpgpjs');

const user = (name) => ({ name: `Test ${name}`, email: `${name}@keys.example` });

/** The keys to make: name -> extra options for openpgp.generateKey. */
const KEYS = {
  // The extension's default since 4.x: EdDSA (legacy) primary + ECDH Curve25519 subkey.
  'curve25519': { type: 'ecc', curve: 'curve25519Legacy', userIDs: [user('curve25519')] },
  // The extension's RSA choices.
  'rsa3072': { type: 'rsa', rsaBits: 3072, userIDs: [user('rsa3072')] },
  'rsa4096': { type: 'rsa', rsaBits: 4096, userIDs: [user('rsa4096')] },
  // NIST P-256, which the Passbolt server also accepts.
  'nistp256': { type: 'ecc', curve: 'nistP256', userIDs: [user('nistp256')] },
  // Two user ids (OpenPGP.js marks the first one primary) and a 10-year expiry.
  'curve25519-two-uids-expiring': {
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [user('first-uid'), { name: 'Second Uid', email: 'second-uid@keys.example' }],
    keyExpirationTime: TEN_YEARS,
  },
};

const start = Date.now();
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
console.log(`writing keys to ${out}`);
for (const [name, options] of Object.entries(KEYS)) {
  const { publicKey, privateKey } = await openpgp.generateKey({
    ...options,
    passphrase: PASSPHRASE,
    date: CREATED,
    format: 'armored',
  });
  await writeFile(join(out, `${name}.pub.asc`), publicKey);
  await writeFile(join(out, `${name}.sec.asc`), privateKey);
  const key = await openpgp.readKey({ armoredKey: publicKey });
  console.log(`  ${name.padEnd(30)} ${key.getFingerprint().toUpperCase()}`);
}
console.log(`done in ${((Date.now() - start) / 1000).toFixed(1)} s`);
