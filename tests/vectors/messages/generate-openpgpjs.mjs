// Generates OpenPGP.js interoperability vectors in tests/vectors/messages/openpgpjs/:
// keys (keys/*.asc + keys/keys.json), encrypted messages, signed messages and detached
// signatures, described by openpgpjs/manifest.json (format: ../README.md).
//
// What it proves: nothing by itself. It makes messages with an implementation we did not write
// (OpenPGP.js 6.3.2, the one inside the Passbolt browser extension), so that our decrypt/verify
// code can be tested against them natively and in wasm. Every vector is decrypted/verified again
// by OpenPGP.js right after it is written (from the files on disk, with the locked key files and
// the recorded passphrase/password/session key), and `cross-check.mjs` then replays them with
// GnuPG.
//
// Dates are fixed (keys 2026-01-15T10:00:00Z, messages and signatures 2026-01-20T12:00:00Z) and
// the binary plaintexts are a fixed AES-256-CTR keystream (the same bytes as the GnuPG
// generator's), but key material, salts, IVs and session keys are random: file contents change
// on every run.
//
// Usage: node tests/vectors/messages/generate-openpgpjs.mjs   (needs `npm ci` at the repo root)
import { createCipheriv, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as openpgp from 'openpgp';

const { enums } = openpgp;
const require = createRequire(import.meta.url);
function openpgpVersion() {
  // openpgp's package.json is not in its `exports`: walk up from the resolved entry point.
  let dir = dirname(require.resolve('openpgp'));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'openpgp') return pkg.version;
    } catch { /* keep walking */ }
    const up = dirname(dir);
    if (up === dir) throw new Error('openpgp package.json not found');
    dir = up;
  }
}
const VERSION = openpgpVersion();
const PRODUCER = `openpgpjs ${VERSION}`;

const KEY_DATE = new Date('2026-01-15T10:00:00Z');
const MSG_DATE = new Date('2026-01-20T12:00:00Z');

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'openpgpjs');

// ---------------------------------------------------------------------------------------------
// Deterministic helpers

/** N bytes of AES-256-CTR keystream, key = SHA-256("passbolt-core message vectors"), IV = 0. */
function fixedBytes(n) {
  const key = createHash('sha256').update('passbolt-core message vectors').digest();
  const c = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return new Uint8Array(Buffer.concat([c.update(Buffer.alloc(n)), c.final()]));
}
const hex = (u8) => Buffer.from(u8).toString('hex');
const HEX = (u8) => hex(u8).toUpperCase();
const sha256hex = (u8) => createHash('sha256').update(u8).digest('hex');

/** A fixed 32-byte session key (SHA-256 of a label), so session-key vectors are reproducible. */
const FIXED_SESSION_KEY_32 = new Uint8Array(createHash('sha256').update('passbolt-core fixed session key').digest());
const FIXED_SESSION_KEY_16 = FIXED_SESSION_KEY_32.slice(0, 16);

// ---------------------------------------------------------------------------------------------
// Keys

const user = (name) => ({ name: `Test ${name}`, email: `${name}@messages.example` });

/**
 * name -> generateKey options, passphrase, and how the secret key is locked.
 * `genConfig` is used for generation (it decides the self-signature's features / preferences),
 * `lockConfig` for openpgp.encryptKey (it decides the S2K and the secret-key protection).
 */
const KEYS = {
  ecc: {
    options: { type: 'ecc', curve: 'curve25519Legacy' },
    passphrase: 'ecc test passphrase',
    s2k: 'iterated-224',
    description: 'v4, EdDSA legacy (algo 22) Ed25519 primary + ECDH Curve25519 (algo 18) subkey: the extension default',
  },
  rsa3072: {
    options: { type: 'rsa', rsaBits: 3072 },
    passphrase: 'rsa3072 test passphrase',
    s2k: 'iterated-224',
    description: 'v4, RSA 3072 primary + RSA 3072 subkey',
  },
  rsa4096: {
    options: { type: 'rsa', rsaBits: 4096 },
    passphrase: 'rsa4096 test passphrase',
    s2k: 'iterated-224',
    description: 'v4, RSA 4096 primary + RSA 4096 subkey',
  },
  nistp256: {
    options: { type: 'ecc', curve: 'nistP256' },
    passphrase: 'nistp256 test passphrase',
    s2k: 'iterated-224',
    description: 'v4, ECDSA P-256 primary + ECDH P-256 subkey',
  },
  nistp384: {
    options: { type: 'ecc', curve: 'nistP384' },
    passphrase: 'nistp384 test passphrase',
    s2k: 'iterated-224',
    description: 'v4, ECDSA P-384 primary + ECDH P-384 subkey',
  },
  nistp521: {
    // A non-ASCII passphrase (UTF-8 on the wire).
    options: { type: 'ecc', curve: 'nistP521' },
    passphrase: 'nistp521 Pässwört €',
    s2k: 'iterated-224',
    description: 'v4, ECDSA P-521 primary + ECDH P-521 subkey; non-ASCII passphrase',
  },
  'ecc-seipdv2': {
    // Same shape as `ecc`, but generated with aeadProtect so that its self-signature advertises
    // the SEIPDv2 feature and preferred AEAD cipher suites: OpenPGP.js then encrypts SEIPDv2 to
    // it. It is locked the ordinary way (iterated S2K, CFB), so GnuPG 2.2 can import it.
    options: { type: 'ecc', curve: 'curve25519Legacy' },
    genConfig: { aeadProtect: true },
    passphrase: 'ecc-seipdv2 test passphrase',
    s2k: 'iterated-224',
    description: 'v4, like ecc, but features = MDC + SEIPDv2 and preferred AEAD cipher suites (gcm, eax, ocb × aes256, aes128)',
  },
  v6: {
    // RFC 9580 v6 key: Ed25519 (algo 27) primary + X25519 (algo 25) subkey, features SEIPDv2.
    // Locked the way OpenPGP.js does it with aeadProtect: S2K usage 253 (AEAD, GCM), iterated S2K.
    options: { type: 'curve25519' },
    genConfig: { v6Keys: true, aeadProtect: true },
    lockConfig: { aeadProtect: true },
    passphrase: 'v6 test passphrase',
    s2k: 'aead-gcm+iterated-224',
    description: 'v6 (RFC 9580), Ed25519 (algo 27) primary + X25519 (algo 25) subkey, features MDC + SEIPDv2',
  },
};

/** Extra lockings of the `ecc` key (same key material, different secret-key protection). */
const ECC_LOCKS = {
  'ecc-s2k255': {
    lockConfig: { s2kIterationCountByte: 255 },
    passphrase: 'ecc test passphrase',
    s2k: 'iterated-255',
    description: 'the ecc key, locked with iterated+salted S2K count byte 255 (65011712 bytes)',
  },
  'ecc-argon2': {
    // OpenPGP.js refuses Argon2 without AEAD (RFC 9580), so aeadProtect is needed too.
    lockConfig: { s2kType: enums.s2k.argon2, aeadProtect: true },
    passphrase: 'ecc test passphrase',
    s2k: 'argon2',
    description: 'the ecc key, locked with Argon2 S2K (t=3, p=4, m=2^16 KiB = 64 MiB; OpenPGP.js defaults) + AEAD (S2K usage 253, GCM)',
  },
};

// ---------------------------------------------------------------------------------------------

const keys = {}; // name -> { pub, sec (unlocked PrivateKey), file, pubFile, passphrase, fingerprint }
const keyEntries = [];
const messages = [];
const signatures = [];

async function writeOut(rel, data) {
  await writeFile(join(out, rel), data);
}

async function lockAndWrite(name, unlocked, spec) {
  const locked = await openpgp.encryptKey({ privateKey: unlocked, passphrase: spec.passphrase, config: spec.lockConfig });
  const file = `keys/${name}.sec.asc`;
  await writeOut(file, locked.armor());
  // Check: the file reads back and unlocks with the recorded passphrase.
  const back = await openpgp.readPrivateKey({ armoredKey: await readFile(join(out, file), 'utf8') });
  await openpgp.decryptKey({ privateKey: back, passphrase: spec.passphrase });
  return file;
}

async function makeKeys() {
  for (const [name, spec] of Object.entries(KEYS)) {
    const { privateKey } = await openpgp.generateKey({
      ...spec.options,
      userIDs: [user(name)],
      date: KEY_DATE,
      format: 'object',
      config: spec.genConfig,
    });
    const pubFile = `keys/${name}.pub.asc`;
    await writeOut(pubFile, privateKey.toPublic().armor());
    const file = await lockAndWrite(name, privateKey, spec);
    const fingerprint = privateKey.getFingerprint().toUpperCase();
    keys[name] = { sec: privateKey, pub: privateKey.toPublic(), file, pubFile, passphrase: spec.passphrase, fingerprint };
    keyEntries.push({
      name, file, public_file: pubFile, passphrase: spec.passphrase, s2k: spec.s2k, fingerprint,
      key_version: privateKey.keyPacket.version, algorithm: privateKey.getAlgorithmInfo(),
      description: spec.description,
    });
    console.log(`  key ${name.padEnd(12)} ${fingerprint}`);
  }
  for (const [name, spec] of Object.entries(ECC_LOCKS)) {
    const file = await lockAndWrite(name, keys.ecc.sec, spec);
    keys[name] = { ...keys.ecc, file };
    keyEntries.push({
      name, file, public_file: keys.ecc.pubFile, passphrase: spec.passphrase, s2k: spec.s2k,
      fingerprint: keys.ecc.fingerprint, key_version: 4, algorithm: keys.ecc.sec.getAlgorithmInfo(),
      description: spec.description,
    });
    console.log(`  key ${name.padEnd(12)} ${keys.ecc.fingerprint} (${spec.s2k})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Plaintexts

const JSON_V4 = JSON.stringify({ password: 'Tr0ub4dor&3 "quoted" \\ back', description: 'Passbolt v4 secret (password-and-description)' });
const JSON_V5 = JSON.stringify({
  object_type: 'PASSBOLT_SECRET_DATA',
  password: 'correct horse battery staple',
  description: 'Passbolt v5 secret: multi-line\nnote with ünïcödé 🔐',
  custom_fields: [{ id: '2c4c1f1a-9d8e-4f3b-9a65-0b8d8f7e6a11', type: 'password', secret_value: 's3cr3t' }],
});
const BIN_1K = fixedBytes(1024);
const BIN_100K = fixedBytes(100 * 1024);
let counter = 0;
const secretText = () => `Passbolt secret #${++counter}`;

// ---------------------------------------------------------------------------------------------
// Messages

const COMPRESSION = { none: enums.compression.uncompressed, zip: enums.compression.zip, zlib: enums.compression.zlib };
const COMPRESSION_NAMES = { [enums.compression.uncompressed]: 'none', [enums.compression.zip]: 'zip', [enums.compression.zlib]: 'zlib', [enums.compression.bzip2]: 'bzip2' };

/** Formats a session key object from decryptSessionKeys as Passbolt's "ALGO:HEX" (upper-case hex). */
function formatSessionKey(sk, fallbackAlgo) {
  const algo = sk.algorithm ? enums.write(enums.symmetric, sk.algorithm) : fallbackAlgo;
  return `${algo}:${HEX(sk.data)}`;
}

/**
 * Encrypts one message and writes it + manifest entries (one per entry in `decryptWith`).
 * @param {object} o
 *   name, to: [key names], signer: key name | null, plaintext: string | Uint8Array,
 *   compression: 'none'|'zip'|'zlib', config: extra openpgp config, passwords: [string],
 *   sessionKey: {data, algorithm, aeadAlgorithm?}, decryptWith: [{as, key}|{as, password}|{as, sessionKey: true}],
 *   notes, plaintextFile: write the plaintext to data/<file> instead of inline hex
 */
async function encryptVector(o) {
  const compression = o.compression ?? 'none';
  const isText = typeof o.plaintext === 'string';
  const message = isText
    ? await openpgp.createMessage({ text: o.plaintext, format: 'utf8' })
    : await openpgp.createMessage({ binary: o.plaintext, format: 'binary' });
  const config = { ...o.config, preferredCompressionAlgorithm: COMPRESSION[compression] };
  const armored = await openpgp.encrypt({
    message,
    encryptionKeys: (o.to ?? []).map((k) => keys[k].pub),
    signingKeys: o.signer ? keys[o.signer].sec : undefined,
    passwords: o.passwords,
    sessionKey: o.sessionKey,
    date: MSG_DATE,
    config,
  });
  const file = `${o.name}.asc`;
  await writeOut(file, armored);

  // Inspect the message on disk: SEIPD version / AEAD mode, PKESK/SKESK versions.
  const onDisk = await openpgp.readMessage({ armoredMessage: await readFile(join(out, file), 'utf8') });
  const seipd = onDisk.packets.findPacket(enums.packet.symEncryptedIntegrityProtectedData);
  const pkesks = onDisk.packets.filterByTag(enums.packet.publicKeyEncryptedSessionKey);
  const skesks = onDisk.packets.filterByTag(enums.packet.symEncryptedSessionKey);
  const encryption = seipd.version === 1 ? 'seipdv1' : `seipdv2-${enums.read(enums.aead, seipd.aeadAlgorithm)}`;
  if (o.expectEncryption && o.expectEncryption !== encryption) {
    throw new Error(`${o.name}: expected ${o.expectEncryption}, got ${encryption}`);
  }
  const packetSummary = [
    ...pkesks.map((p) => `PKESKv${p.version}`),
    ...skesks.map((p) => `SKESKv${p.version}(${p.s2k ? p.s2k.type : '?'})`),
    seipd.version === 1 ? 'SEIPDv1' : `SEIPDv2(${enums.read(enums.symmetric, seipd.cipherAlgorithm)}, ${enums.read(enums.aead, seipd.aeadAlgorithm)})`,
  ].join(' ');

  let plaintextFields;
  if (isText) plaintextFields = { plaintext: o.plaintext };
  else if (o.plaintextFile) {
    await writeOut(`data/${o.plaintextFile}`, o.plaintext);
    plaintextFields = { plaintext_file: `data/${o.plaintextFile}`, plaintext_sha256: sha256hex(o.plaintext) };
  } else plaintextFields = { plaintext_hex: hex(o.plaintext) };

  // When we chose the session key ourselves, that is the expected one; otherwise it is what
  // openpgp.decryptSessionKeys returns for the first decryption below.
  let sessionKeyStr = o.sessionKey ? `${enums.write(enums.symmetric, o.sessionKey.algorithm)}:${HEX(o.sessionKey.data)}` : null;
  for (const how of o.decryptWith) {
    // Self-check from the files on disk: decrypt with the locked key file + passphrase (or the
    // password / session key), verify the signature, compare the plaintext, find the compression.
    const armoredOnDisk = await readFile(join(out, file), 'utf8');
    // A fresh Message for each operation: decrypting mutates its packets.
    const fresh = () => openpgp.readMessage({ armoredMessage: armoredOnDisk });
    let decryptionKeys; let passwords; let sessionKeys; let decryptWith;
    if (how.key) {
      const k = keys[how.key];
      const locked = await openpgp.readPrivateKey({ armoredKey: await readFile(join(out, k.file), 'utf8') });
      decryptionKeys = await openpgp.decryptKey({ privateKey: locked, passphrase: k.passphrase });
      decryptWith = { key: k.file, passphrase: k.passphrase };
    } else if (how.password) {
      passwords = [how.password];
      decryptWith = { password: how.password };
    } else if (how.sessionKey) {
      if (!sessionKeyStr) throw new Error(`${o.name}: session key unknown yet`);
      const [algo, h] = sessionKeyStr.split(':');
      sessionKeys = { data: new Uint8Array(Buffer.from(h, 'hex')), algorithm: enums.read(enums.symmetric, Number(algo)) };
      if (seipd.version === 2) sessionKeys.aeadAlgorithm = enums.read(enums.aead, seipd.aeadAlgorithm);
      decryptWith = { session_key: sessionKeyStr };
    }
    if (!how.sessionKey) {
      const sks = await openpgp.decryptSessionKeys({ message: await fresh(), decryptionKeys, passwords });
      const fallback = seipd.version === 2 ? seipd.cipherAlgorithm : undefined;
      const s = formatSessionKey(sks[0], fallback);
      if (sessionKeyStr && s !== sessionKeyStr) throw new Error(`${o.name}: session keys differ`);
      sessionKeyStr = s;
    }
    const verificationKeys = o.signer ? keys[o.signer].pub : undefined;
    const res = await openpgp.decrypt({
      message: await fresh(), decryptionKeys, passwords, sessionKeys, verificationKeys,
      expectSigned: !!o.signer, format: 'binary', date: new Date(),
    });
    const got = res.data;
    const want = isText ? new TextEncoder().encode(o.plaintext) : o.plaintext;
    if (Buffer.compare(Buffer.from(got), Buffer.from(want)) !== 0) throw new Error(`${o.name}: plaintext mismatch`);
    if (o.signer) {
      await res.signatures[0].verified;
      const signerKeyID = res.signatures[0].keyID.toHex();
      if (!keys[o.signer].pub.getKeys(res.signatures[0].keyID).length) throw new Error(`${o.name}: wrong signer ${signerKeyID}`);
    } else if (res.signatures.length) throw new Error(`${o.name}: unexpected signature`);
    // Compression actually used (from the decrypted packet list).
    const inner = await (await fresh()).decrypt(decryptionKeys && [decryptionKeys], passwords, sessionKeys ? [sessionKeys] : undefined);
    const comp = inner.packets.findPacket(enums.packet.compressedData);
    const actualCompression = comp ? COMPRESSION_NAMES[enums.write(enums.compression, comp.algorithm)] : 'none';
    if (actualCompression !== compression) throw new Error(`${o.name}: compression ${actualCompression} != ${compression}`);

    const name = o.decryptWith.length > 1 ? `${o.name}__${how.as}` : o.name;
    messages.push({
      name,
      producer: PRODUCER,
      message: file,
      decrypt_with: decryptWith,
      ...plaintextFields,
      literal_format: isText ? 'utf8' : 'binary',
      session_key: sessionKeyStr,
      session_key_aead: seipd.version === 2 ? enums.read(enums.aead, seipd.aeadAlgorithm) : null,
      signed_by: o.signer ? keys[o.signer].pubFile : null,
      signer_fingerprint: o.signer ? keys[o.signer].fingerprint : null,
      compression,
      encryption,
      recipients: pkesks.length + skesks.length,
      packets: packetSummary,
      cross_checked: null,
      notes: o.notes ?? '',
    });
  }
}

async function makeMessages() {
  // 1. Every key shape: unsigned, and signed by another key (the extension's pattern: one
  //    recipient, signed by the author). Uncompressed, OpenPGP.js defaults.
  const shapes = ['ecc', 'rsa3072', 'rsa4096', 'nistp256', 'nistp384', 'nistp521'];
  for (const k of shapes) {
    await encryptVector({
      name: `${k}_seipdv1`, to: [k], plaintext: secretText(), decryptWith: [{ as: k, key: k }],
      expectEncryption: 'seipdv1', notes: `OpenPGP.js defaults (AES-256, SEIPDv1, no compression) to the ${k} key`,
    });
    const signer = k === 'ecc' ? 'rsa3072' : 'ecc';
    await encryptVector({
      name: `${k}_signed_seipdv1`, to: [k], signer, plaintext: secretText(), decryptWith: [{ as: k, key: k }],
      expectEncryption: 'seipdv1', notes: `to ${k}, signed by ${signer}: the extension's encrypt+sign`,
    });
  }
  // The v6 key advertises SEIPDv2, so OpenPGP.js picks SEIPDv2 with the first cipher suite
  // it prefers (config.preferredAEADAlgorithm = gcm by default; the key lists gcm first).
  await encryptVector({
    name: 'v6_seipdv2', to: ['v6'], plaintext: secretText(), decryptWith: [{ as: 'v6', key: 'v6' }],
    expectEncryption: 'seipdv2-gcm', notes: 'to the v6 key (X25519); OpenPGP.js chooses SEIPDv2 + AES-256-GCM and a v6 PKESK',
  });
  await encryptVector({
    name: 'v6_signed_by_v6_seipdv2', to: ['v6'], signer: 'v6', plaintext: secretText(), decryptWith: [{ as: 'v6', key: 'v6' }],
    expectEncryption: 'seipdv2-gcm', notes: 'to the v6 key, signed with the v6 key (v6 signature, Ed25519 algo 27)',
  });
  await encryptVector({
    name: 'v6_signed_by_ecc_seipdv2', to: ['v6'], signer: 'ecc', plaintext: secretText(), decryptWith: [{ as: 'v6', key: 'v6' }],
    expectEncryption: 'seipdv2-gcm', notes: 'to the v6 key, signed with the v4 ecc key (v4 EdDSA-legacy signature)',
  });
  await encryptVector({
    name: 'v6_seipdv1', to: ['v6'], plaintext: secretText(),
    sessionKey: { data: FIXED_SESSION_KEY_32, algorithm: 'aes256' },
    decryptWith: [{ as: 'v6', key: 'v6' }, { as: 'session_key', sessionKey: true }],
    expectEncryption: 'seipdv1',
    notes: 'to the v6 key but SEIPDv1 (v3 PKESK with X25519, AES-256), forced with a fixed session key without AEAD',
  });
  await encryptVector({
    name: 'ecc_signed_by_v6_seipdv1', to: ['ecc'], signer: 'v6', plaintext: secretText(), decryptWith: [{ as: 'ecc', key: 'ecc' }],
    expectEncryption: 'seipdv1', notes: 'to the v4 ecc key (SEIPDv1), signed with the v6 key (v6 signature inside SEIPDv1)',
  });

  // 2. Compression (OpenPGP.js can write zip and zlib; bzip2 it can only read).
  for (const c of ['zip', 'zlib']) {
    await encryptVector({
      name: `ecc_signed_${c}_seipdv1`, to: ['ecc'], signer: 'rsa3072', compression: c, plaintext: secretText(),
      decryptWith: [{ as: 'ecc', key: 'ecc' }], expectEncryption: 'seipdv1',
      notes: `config.preferredCompressionAlgorithm = ${c}`,
    });
  }
  await encryptVector({
    name: 'rsa3072_zlib_seipdv1', to: ['rsa3072'], compression: 'zlib', plaintext: JSON_V4,
    decryptWith: [{ as: 'rsa3072', key: 'rsa3072' }], expectEncryption: 'seipdv1', notes: 'Passbolt v4 JSON secret, zlib, unsigned',
  });

  // 3. SEIPDv2 (AEAD) to v4 keys: to ecc-seipdv2 (advertises SEIPDv2) with each AEAD mode.
  for (const aead of ['ocb', 'eax', 'gcm']) {
    await encryptVector({
      name: `ecc_seipdv2_signed_${aead}`, to: ['ecc-seipdv2'], signer: 'ecc', plaintext: secretText(),
      config: { preferredAEADAlgorithm: enums.aead[aead] },
      decryptWith: [{ as: 'ecc-seipdv2', key: 'ecc-seipdv2' }], expectEncryption: `seipdv2-${aead}`,
      notes: `v4 recipient advertising SEIPDv2; config.preferredAEADAlgorithm = ${aead}; v6 PKESK (ECDH), AES-256`,
    });
  }
  await encryptVector({
    name: 'ecc_seipdv2_zlib_eax', to: ['ecc-seipdv2'], signer: 'nistp256', compression: 'zlib', plaintext: JSON_V5,
    config: { preferredAEADAlgorithm: enums.aead.eax },
    decryptWith: [{ as: 'ecc-seipdv2', key: 'ecc-seipdv2' }], expectEncryption: 'seipdv2-eax',
    notes: 'Passbolt v5 JSON secret, zlib-compressed, SEIPDv2 EAX, signed by nistp256',
  });
  for (const aead of ['ocb', 'eax']) {
    await encryptVector({
      name: `v6_seipdv2_${aead}`, to: ['v6'], plaintext: secretText(), config: { preferredAEADAlgorithm: enums.aead[aead] },
      decryptWith: [{ as: 'v6', key: 'v6' }], expectEncryption: `seipdv2-${aead}`,
      notes: `to the v6 key with config.preferredAEADAlgorithm = ${aead}`,
    });
  }
  // SEIPDv2 to a key that does NOT advertise it, forced with an explicit session key object.
  await encryptVector({
    name: 'rsa3072_seipdv2_ocb_forced', to: ['rsa3072'], signer: 'ecc', plaintext: secretText(),
    sessionKey: { data: FIXED_SESSION_KEY_32, algorithm: 'aes256', aeadAlgorithm: 'ocb' },
    decryptWith: [{ as: 'rsa3072', key: 'rsa3072' }, { as: 'session_key', sessionKey: true }],
    expectEncryption: 'seipdv2-ocb',
    notes: 'v6 PKESK (RSA) + SEIPDv2 OCB to a v4 RSA key without the SEIPDv2 feature, forced with a fixed session key (openpgp.encrypt sessionKey option with aeadAlgorithm)',
  });

  // 4. Passbolt-shaped plaintexts and binary data.
  await encryptVector({
    name: 'ecc_signed_json_v4', to: ['ecc'], signer: 'rsa4096', plaintext: JSON_V4, decryptWith: [{ as: 'ecc', key: 'ecc' }],
    expectEncryption: 'seipdv1', notes: 'Passbolt v4 secret {password, description}',
  });
  await encryptVector({
    name: 'ecc_signed_json_v5', to: ['ecc'], signer: 'nistp384', plaintext: JSON_V5, decryptWith: [{ as: 'ecc', key: 'ecc' }],
    expectEncryption: 'seipdv1', notes: 'Passbolt v5 secret {object_type, password, description, custom_fields}, non-ASCII',
  });
  await encryptVector({
    name: 'nistp256_signed_binary_1k', to: ['nistp256'], signer: 'nistp521', plaintext: BIN_1K,
    decryptWith: [{ as: 'nistp256', key: 'nistp256' }], expectEncryption: 'seipdv1',
    notes: '1 KiB binary literal (format b): AES-256-CTR keystream, see README',
  });
  await encryptVector({
    name: 'ecc_signed_binary_100k', to: ['ecc'], signer: 'rsa3072', plaintext: BIN_100K, plaintextFile: 'binary-100k.bin',
    decryptWith: [{ as: 'ecc', key: 'ecc' }], expectEncryption: 'seipdv1',
    notes: '100 KiB binary literal, uncompressed: OpenPGP.js writes partial-length packets. Plaintext in data/binary-100k.bin',
  });
  await encryptVector({
    name: 'v6_binary_1k_zip_seipdv2', to: ['v6'], signer: 'v6', compression: 'zip', plaintext: BIN_1K,
    decryptWith: [{ as: 'v6', key: 'v6' }], expectEncryption: 'seipdv2-gcm', notes: '1 KiB binary, zip, SEIPDv2 GCM, v6 signature',
  });

  // 5. Several recipients.
  await encryptVector({
    name: 'multi3_signed_seipdv1', to: ['ecc', 'rsa3072', 'nistp256'], signer: 'ecc', plaintext: secretText(),
    decryptWith: [{ as: 'ecc', key: 'ecc' }, { as: 'rsa3072', key: 'rsa3072' }, { as: 'nistp256', key: 'nistp256' }],
    expectEncryption: 'seipdv1', notes: 'three v3 PKESKs (ECDH x25519, RSA, ECDH P-256) + SEIPDv1, one entry per recipient',
  });
  await encryptVector({
    name: 'multi3_mixed_fallback_seipdv1', to: ['ecc-seipdv2', 'v6', 'nistp384'], plaintext: secretText(), config: { aeadProtect: true },
    decryptWith: [{ as: 'nistp384', key: 'nistp384' }, { as: 'v6', key: 'v6' }],
    expectEncryption: 'seipdv1',
    notes: 'recipients ecc-seipdv2 + v6 + nistp384: nistp384 does not advertise SEIPDv2, so OpenPGP.js falls back to SEIPDv1 for all (even with aeadProtect) — v3 PKESK to the v6 key included',
  });
  await encryptVector({
    name: 'multi2_v4v6_seipdv2', to: ['ecc-seipdv2', 'v6'],
    plaintext: secretText(), decryptWith: [{ as: 'ecc-seipdv2', key: 'ecc-seipdv2' }, { as: 'v6', key: 'v6' }],
    expectEncryption: 'seipdv2-gcm', notes: 'v4 (SEIPDv2-capable) + v6 recipients: SEIPDv2 GCM with two v6 PKESKs',
  });

  // 6. Passwords (the extension's account-recovery / private-key backup path).
  await encryptVector({
    name: 'password_seipdv1', passwords: ['correct horse battery staple'], plaintext: secretText(),
    decryptWith: [{ as: 'password', password: 'correct horse battery staple' }], expectEncryption: 'seipdv1',
    notes: 'v4 SKESK, iterated+salted S2K (count byte 224), AES-256, SEIPDv1',
  });
  await encryptVector({
    name: 'password_signed_zlib_seipdv1', passwords: ['Pässwört mit Ümlaut ✓'], signer: 'ecc', compression: 'zlib', plaintext: JSON_V5,
    decryptWith: [{ as: 'password', password: 'Pässwört mit Ümlaut ✓' }], expectEncryption: 'seipdv1',
    notes: 'non-ASCII password, signed by ecc, zlib',
  });
  await encryptVector({
    name: 'password_seipdv2_ocb', passwords: ['aead password'], plaintext: secretText(),
    config: { aeadProtect: true, preferredAEADAlgorithm: enums.aead.ocb },
    decryptWith: [{ as: 'password', password: 'aead password' }], expectEncryption: 'seipdv2-ocb',
    notes: 'aeadProtect with no keys: v6 SKESK (OCB, iterated S2K) + SEIPDv2 OCB',
  });
  await encryptVector({
    name: 'password_argon2_seipdv2_gcm', passwords: ['argon2 password'], plaintext: secretText(),
    config: { aeadProtect: true, s2kType: enums.s2k.argon2 },
    decryptWith: [{ as: 'password', password: 'argon2 password' }], expectEncryption: 'seipdv2-gcm',
    notes: 'v6 SKESK with Argon2 S2K (t=3, p=4, 64 MiB) + SEIPDv2 GCM',
  });
  await encryptVector({
    name: 'password_and_key_seipdv1', passwords: ['shared password'], to: ['rsa3072'], signer: 'nistp256', plaintext: secretText(),
    decryptWith: [{ as: 'password', password: 'shared password' }, { as: 'rsa3072', key: 'rsa3072' }],
    expectEncryption: 'seipdv1', notes: 'one PKESK + one SKESK for the same session key',
  });

  // 7. Known session keys (the extension's decrypt-with-session-key path, shared metadata).
  await encryptVector({
    name: 'session_key_aes256_seipdv1', to: ['ecc'], signer: 'ecc', plaintext: JSON_V5,
    sessionKey: { data: FIXED_SESSION_KEY_32, algorithm: 'aes256' },
    decryptWith: [{ as: 'session_key', sessionKey: true }, { as: 'ecc', key: 'ecc' }], expectEncryption: 'seipdv1',
    notes: 'fixed session key (SHA-256 of "passbolt-core fixed session key"), openpgp.encrypt sessionKey option',
  });
  await encryptVector({
    name: 'session_key_aes128_seipdv1', to: ['rsa3072'], plaintext: secretText(),
    sessionKey: { data: FIXED_SESSION_KEY_16, algorithm: 'aes128' },
    decryptWith: [{ as: 'session_key', sessionKey: true }], expectEncryption: 'seipdv1',
    notes: 'AES-128 session key (algorithm id 7): first 16 bytes of the fixed session key',
  });
  await encryptVector({
    name: 'session_key_aes256_seipdv2_eax', to: ['v6'], plaintext: secretText(),
    sessionKey: { data: FIXED_SESSION_KEY_32, algorithm: 'aes256', aeadAlgorithm: 'eax' },
    decryptWith: [{ as: 'session_key', sessionKey: true }], expectEncryption: 'seipdv2-eax',
    notes: 'SEIPDv2 EAX with the fixed session key; for SEIPDv2 the cipher and AEAD mode are in the SEIPD packet (session_key_aead), the ALGO: prefix is the SEIPD cipher',
  });
  await encryptVector({
    name: 'session_key_password_seipdv1', passwords: ['session password'], plaintext: secretText(),
    sessionKey: { data: FIXED_SESSION_KEY_32, algorithm: 'aes256' },
    decryptWith: [{ as: 'session_key', sessionKey: true }, { as: 'password', password: 'session password' }],
    expectEncryption: 'seipdv1', notes: 'SKESK that encrypts the fixed session key (not the S2K-derived one)',
  });

  // 8. The alternative lockings of the ecc key, used for decryption.
  await encryptVector({
    name: 'ecc_signed_for_locked_variants', to: ['ecc'], signer: 'nistp256', plaintext: secretText(),
    decryptWith: [{ as: 's2k255', key: 'ecc-s2k255' }, { as: 'argon2', key: 'ecc-argon2' }],
    expectEncryption: 'seipdv1', notes: 'to the ecc key; decrypt with the same key material locked with S2K count byte 255 / Argon2+AEAD',
  });
}

// ---------------------------------------------------------------------------------------------
// Signatures (not encrypted)

const DATA_TEXT = 'Passbolt detached data\nsecond line with ünïcödé\n';
const DATA_TAMPERED = 'Passbolt detached data\nsecond line with ünïcödé!\n';

async function verifyOwn(entry) {
  const signerKey = keys[entry._signer].pub;
  let result;
  if (entry.kind === 'detached') {
    const data = await readFile(join(out, entry.data_file));
    const signature = await openpgp.readSignature({ armoredSignature: await readFile(join(out, entry.file), 'utf8') });
    const message = entry._textMode
      ? await openpgp.createMessage({ text: data.toString('utf8') })
      : await openpgp.createMessage({ binary: new Uint8Array(data) });
    result = await openpgp.verify({ message, signature, verificationKeys: signerKey });
  } else if (entry.kind === 'inline') {
    const message = await openpgp.readMessage({ armoredMessage: await readFile(join(out, entry.file), 'utf8') });
    result = await openpgp.verify({ message, verificationKeys: signerKey });
  } else {
    const message = await openpgp.readCleartextMessage({ cleartextMessage: await readFile(join(out, entry.file), 'utf8') });
    result = await openpgp.verify({ message, verificationKeys: signerKey });
  }
  let ok;
  try { await result.signatures[0].verified; ok = true; } catch { ok = false; }
  if (ok !== entry.valid) throw new Error(`${entry.name}: OpenPGP.js says valid=${ok}, expected ${entry.valid}`);
  return result.data;
}

async function makeSignatures() {
  await writeOut('data/detached.txt', DATA_TEXT);
  await writeOut('data/detached-tampered.txt', DATA_TAMPERED);
  const add = async (e) => {
    const data = await verifyOwn(e);
    // For cleartext, record the text the way OpenPGP.js returns it after verification.
    if (e.kind === 'cleartext') e.plaintext = data;
    else if (e.kind === 'inline' && e.valid && data !== e.plaintext) throw new Error(`${e.name}: inline text differs`);
    const { _signer, _textMode, ...rest } = e;
    signatures.push({
      name: rest.name, producer: PRODUCER, kind: rest.kind, file: rest.file, data_file: rest.data_file ?? null,
      plaintext: rest.plaintext ?? null, signer: keys[_signer].pubFile, signer_fingerprint: keys[_signer].fingerprint,
      signature_type: rest.signature_type, valid: rest.valid, cross_checked: null, notes: rest.notes ?? '',
    });
  };
  // Detached: binary (0x00) signatures by several key shapes, one text-mode (0x01).
  for (const k of ['ecc', 'rsa3072', 'nistp256', 'v6']) {
    const sig = await openpgp.sign({
      message: await openpgp.createMessage({ binary: new TextEncoder().encode(DATA_TEXT) }),
      signingKeys: keys[k].sec, detached: true, date: MSG_DATE,
    });
    const file = `detached_${k}.sig.asc`;
    await writeOut(file, sig);
    await add({ name: `detached_${k}`, kind: 'detached', file, data_file: 'data/detached.txt', _signer: k, signature_type: 'binary', valid: true,
      notes: k === 'v6' ? 'v6 signature (salted, Ed25519 algo 27)' : '' });
    if (k === 'ecc' || k === 'v6') {
      await add({ name: `detached_${k}_tampered`, kind: 'detached', file, data_file: 'data/detached-tampered.txt', _signer: k,
        signature_type: 'binary', valid: false, notes: `the signature of detached_${k} over data changed by one character: must NOT verify` });
    }
  }
  {
    const sig = await openpgp.sign({
      message: await openpgp.createMessage({ text: DATA_TEXT }), signingKeys: keys.rsa4096.sec, detached: true, date: MSG_DATE,
    });
    await writeOut('detached_rsa4096_text.sig.asc', sig);
    await add({ name: 'detached_rsa4096_text', kind: 'detached', file: 'detached_rsa4096_text.sig.asc', data_file: 'data/detached.txt',
      _signer: 'rsa4096', _textMode: true, signature_type: 'text', valid: true,
      notes: 'text-mode signature (type 0x01): the data is hashed with CRLF line endings' });
  }
  // Inline signed (one-pass signature + literal + signature), not encrypted.
  for (const k of ['ecc', 'nistp384', 'v6']) {
    const text = secretText();
    const sig = await openpgp.sign({ message: await openpgp.createMessage({ text }), signingKeys: keys[k].sec, date: MSG_DATE });
    const file = `inline_${k}.asc`;
    await writeOut(file, sig);
    await add({ name: `inline_${k}`, kind: 'inline', file, plaintext: text, _signer: k, signature_type: 'text', valid: true,
      notes: 'one-pass signature + literal (utf8) + signature, uncompressed (openpgp.sign never compresses)' });
  }
  // Cleartext signed.
  for (const k of ['ecc', 'rsa3072', 'v6']) {
    const text = `${secretText()}\n- a line starting with a dash\ntrailing spaces   \nFrom the start of a line`;
    const sig = await openpgp.sign({ message: await openpgp.createCleartextMessage({ text }), signingKeys: keys[k].sec, date: MSG_DATE });
    const file = `cleartext_${k}.asc`;
    await writeOut(file, sig);
    await add({ name: `cleartext_${k}`, kind: 'cleartext', file, plaintext: text, _signer: k, signature_type: 'text', valid: true,
      notes: 'dash-escaped line, a line with trailing spaces (OpenPGP.js drops them); the text lines in the file end in CRLF while the armor lines end in LF; plaintext = what openpgp.verify returns' });
    if (k === 'ecc') {
      const bad = sig.replace('Passbolt secret', 'Passbolt Secret');
      if (bad === sig) throw new Error('tamper failed');
      await writeOut('cleartext_ecc_tampered.asc', bad);
      await add({ name: 'cleartext_ecc_tampered', kind: 'cleartext', file: 'cleartext_ecc_tampered.asc',
        _signer: k, signature_type: 'text', valid: false,
        notes: 'cleartext_ecc with one letter of the text changed: must NOT verify' });
    }
  }
  // An inline-signed message whose literal data was changed (re-armored packet edit).
  {
    const text = 'Passbolt inline tampered';
    const binary = await openpgp.sign({ message: await openpgp.createMessage({ text }), signingKeys: keys.rsa3072.sec, date: MSG_DATE, format: 'binary' });
    const b = Buffer.from(binary);
    const at = b.indexOf(Buffer.from('tampered'));
    if (at < 0) throw new Error('literal not found');
    b[at] = 'T'.charCodeAt(0);
    const armored = openpgp.armor(enums.armor.message, new Uint8Array(b));
    await writeOut('inline_rsa3072_tampered.asc', armored);
    await add({ name: 'inline_rsa3072_tampered', kind: 'inline', file: 'inline_rsa3072_tampered.asc', plaintext: 'Passbolt inline Tampered',
      _signer: 'rsa3072', signature_type: 'text', valid: false, notes: 'one byte of the literal data changed after signing: must NOT verify' });
  }
}

// ---------------------------------------------------------------------------------------------

const start = Date.now();
await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'keys'), { recursive: true });
await mkdir(join(out, 'data'), { recursive: true });
console.log(`writing ${PRODUCER} vectors to ${out}`);
await makeKeys();
await makeMessages();
await makeSignatures();
await writeOut('keys/keys.json', `${JSON.stringify(keyEntries, null, 2)}\n`);
await writeOut('manifest.json', `${JSON.stringify({
  producer: PRODUCER,
  key_date: KEY_DATE.toISOString(),
  message_date: MSG_DATE.toISOString(),
  session_key_format: 'ALGO:HEX, decimal symmetric algorithm id, upper-case hex',
  messages,
  signatures,
}, null, 2)}\n`);
console.log(`${messages.length} message entries, ${signatures.length} signature entries, ${keyEntries.length} keys; done in ${((Date.now() - start) / 1000).toFixed(1)} s`);
