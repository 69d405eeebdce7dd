#!/usr/bin/env node
// Writes the table of hostile and malformed OpenPGP messages and signatures: one file per
// case under cases/, the manifest cases.json, and (through to-rust.mjs) the same table for
// the Rust suites. See README.md for every case.
//
// Node >= 20 ES module. Uses the pinned `openpgp` package (npm ci at the repository root)
// for key parsing and signatures, node:crypto for the encryption (so any byte can be
// changed before or after it), node:zlib and the `bzip2` command for compression.
// Deterministic: every run writes the same bytes (fixed dates, seeded padding and prefixes,
// deterministic signatures) from the same inputs (../keys/gnupg, ../messages). Run from
// anywhere: `node tests/vectors/hostile/generate.mjs`.

import { spawnSync } from "node:child_process";
import { createCipheriv, createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import * as openpgp from "openpgp";
import { writeRustRows } from "./to-rust.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const vectors = join(here, "..");
const casesDir = join(here, "cases");
const { enums } = openpgp;

// Fixed dates (seconds since the epoch).
const MESSAGE_DATE = 1768910400; // 2026-01-20T12:00:00Z, as tests/vectors/messages
const AFTER_EXPIRY = 1642680000; // 2022-01-20T12:00:00Z, a year after keys/gnupg/expired expired
const BEFORE_EXPIRY = 1591012800; // 2020-06-01T12:00:00Z, while keys/gnupg/expired was valid

// ---------------------------------------------------------------------------------------
// Bytes, base64, CRC-24, armor

const te = new TextEncoder();
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const u8 = (...bytes) => Uint8Array.from(bytes);
const be32 = (n) => u8((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const sha = (alg, ...parts) => {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

const b64encode = (bytes) => Buffer.from(bytes).toString("base64");

function crc24(bytes) {
  let crc = 0xb704ce;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let k = 0; k < 8; k++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}
if (crc24(te.encode("123456789")) !== 0x21cf02) throw new Error("crc24 broken");

/** `-----BEGIN PGP <type>-----`, a blank line, 64-character base64 lines, a correct CRC. */
function armor(type, bytes) {
  const body = b64encode(bytes);
  const lines = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64) + "\n");
  const crc = crc24(bytes);
  return (
    `-----BEGIN PGP ${type}-----\n\n` +
    lines.join("") +
    "=" + b64encode(u8(crc >> 16, (crc >> 8) & 0xff, crc & 0xff)) + "\n" +
    `-----END PGP ${type}-----\n`
  );
}

/** The binary packets of an armored block (armor headers skipped, CRC checked). */
function dearmor(text) {
  const lines = text.replace(/\r/g, "").split("\n");
  let i = lines.findIndex((l) => l.startsWith("-----BEGIN PGP ")) + 1;
  const end = lines.findIndex((l, k) => k >= i && l.startsWith("-----END PGP "));
  while (lines[i] !== "") i++;
  const body = [];
  let crc = null;
  for (i++; i < end; i++) {
    if (/^=[A-Za-z0-9+/]{4}$/.test(lines[i])) crc = lines[i].slice(1);
    else body.push(lines[i]);
  }
  const bytes = new Uint8Array(Buffer.from(body.join(""), "base64"));
  if (crc !== null) {
    const c = Buffer.from(crc, "base64");
    if (((c[0] << 16) | (c[1] << 8) | c[2]) !== crc24(bytes)) throw new Error("input CRC mismatch");
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------
// Deterministic "randomness": xorshift32 (the generator of ../malformed/README.md)

function xorshift32(seed) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}
const randomBytes = (n, seed) => {
  const next = xorshift32(seed);
  return Uint8Array.from({ length: n }, () => next() & 0xff);
};
const nonZeroBytes = (n, seed) => {
  const next = xorshift32(seed);
  return Uint8Array.from({ length: n }, () => 1 + (next() % 255));
};

// ---------------------------------------------------------------------------------------
// OpenPGP packets

/** A new-format packet header (RFC 9580 §4.2.1) with a definite length. */
function header(tag, len) {
  const h = [0xc0 | tag];
  if (len < 192) h.push(len);
  else if (len < 8384) h.push(((len - 192) >> 8) + 192, (len - 192) & 0xff);
  else h.push(0xff, ...be32(len));
  return Uint8Array.from(h);
}
const packet = (tag, body) => concat(header(tag, body.length), body);
/** The length octets alone of a new-format header. */
const lengthOctets = (len) => header(0, len).slice(1);

/** Splits a packet list into { tag, start, bodyStart, end } (new and old formats). */
function packets(bytes) {
  const out = [];
  let p = 0;
  while (p < bytes.length) {
    const start = p;
    const h = bytes[p++];
    if (!(h & 0x80)) throw new Error(`not a packet header at ${start}`);
    let tag;
    let len;
    if (h & 0x40) {
      tag = h & 0x3f;
      const o = bytes[p++];
      if (o < 192) len = o;
      else if (o < 224) len = ((o - 192) << 8) + bytes[p++] + 192;
      else if (o === 255) {
        len = ((bytes[p] << 24) >>> 0) + (bytes[p + 1] << 16) + (bytes[p + 2] << 8) + bytes[p + 3];
        p += 4;
      } else throw new Error("partial lengths are not expected in inputs");
    } else {
      tag = (h >> 2) & 0x0f;
      const n = [1, 2, 4][h & 3];
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + bytes[p++];
    }
    out.push({ tag, start, bodyStart: p, end: p + len, body: bytes.slice(p, p + len) });
    p += len;
  }
  if (p !== bytes.length) throw new Error("packet lengths overrun the data");
  return out;
}

/** A binary literal data packet (tag 11), empty file name, the message date. */
const literalBody = (data) => concat(u8(0x62, 0), be32(MESSAGE_DATE), data);
const literal = (data) => packet(11, literalBody(data));

/** A compressed data packet (tag 8): 1 = ZIP (raw deflate), 2 = ZLIB, 3 = BZip2. */
const compressed = (algorithm, data) => packet(8, concat(u8(algorithm), data));
const zip = (inner) => compressed(1, new Uint8Array(zlib.deflateRawSync(inner, { level: 9 })));
const zlibbed = (inner) => compressed(2, new Uint8Array(zlib.deflateSync(inner, { level: 9 })));

/** An MPI: bit count, then the big-endian value without leading zero octets. */
function mpi(bytes) {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const v = bytes.slice(i);
  const bits = v.length * 8 - Math.clz32(v[0]) + 24;
  return concat(u8(bits >> 8, bits & 0xff), v);
}
const toBig = (bytes) => BigInt("0x" + (Buffer.from(bytes).toString("hex") || "0"));
const fromBig = (n, len) => Uint8Array.from(Buffer.from(n.toString(16).padStart(len * 2, "0"), "hex"));
function modPow(base, exp, mod) {
  let r = 1n;
  base %= mod;
  for (; exp > 0n; exp >>= 1n) {
    if (exp & 1n) r = (r * base) % mod;
    base = (base * base) % mod;
  }
  return r;
}

// ---------------------------------------------------------------------------------------
// Encryption done here, so that any octet can be chosen

/** The fixed AES-256 session key of this table. */
const SESSION_KEY = sha("sha256", te.encode("passbolt-core hostile vectors"));
const SESSION_KEY_TEXT = "9:" + Buffer.from(SESSION_KEY).toString("hex").toUpperCase();
const checksum = (key) => {
  const s = key.reduce((a, b) => (a + b) & 0xffff, 0);
  return u8(s >> 8, s & 0xff);
};

/**
 * A SEIPDv1 packet body (version 1, AES-256-CFB with a zero IV over prefix, quick check,
 * `inner` and the MDC packet). Options: `mdc: false` leaves out the MDC packet; `mdcBody`
 * replaces the 20 hash octets; `key` another session key.
 */
function seipd1Body(inner, { mdc = true, mdcBody, key = SESSION_KEY, seed = 1 } = {}) {
  const prefix = randomBytes(16, seed);
  const plain = concat(prefix, prefix.slice(14), inner);
  let all = plain;
  if (mdc) {
    const hash = mdcBody ?? sha("sha1", plain, u8(0xd3, 0x14));
    all = concat(plain, u8(0xd3, 0x14), hash);
  }
  const cipher = createCipheriv(`aes-${key.length * 8}-cfb`, key, Buffer.alloc(16));
  return concat(u8(1), cipher.update(all), cipher.final());
}
const seipd1 = (inner, options) => packet(18, seipd1Body(inner, options));

/** Legacy Symmetrically Encrypted Data (tag 9, no integrity protection), OpenPGP CFB. */
function sedPacket(inner) {
  const prefix = randomBytes(16, 2);
  const cipher = createCipheriv("aes-256-cfb", SESSION_KEY, Buffer.alloc(16));
  return packet(9, concat(cipher.update(concat(prefix, prefix.slice(14), inner)), cipher.final()));
}

/** A v3 PKESK to the RSA key packet `rsa` with the PKCS#1 v1.5 payload built from `payload`. */
function pkeskRsa(rsa, payload, seed = 3) {
  const n = toBig(rsa.n);
  const k = rsa.n.length;
  const em = concat(u8(0, 2), nonZeroBytes(k - 3 - payload.length, seed), u8(0), payload);
  const c = fromBig(modPow(toBig(em), toBig(rsa.e), n), k);
  return packet(1, concat(u8(3), rsa.keyId, u8(1), mpi(c)));
}
/** The PKESK payload: algorithm octet, session key, two-octet checksum. */
const sessionPayload = (alg = 9, key = SESSION_KEY, sum = checksum(key)) => concat(u8(alg), key, sum);

/** A v4 SKESK with iterated+salted SHA-256 S2K and an encrypted session key of `esk` octets. */
const skeskIterated = (countByte, esk, seed) =>
  packet(3, concat(u8(4, 9, 3, 8), randomBytes(8, seed), u8(countByte), esk));

// ---------------------------------------------------------------------------------------
// Signatures (openpgp.js; deterministic: EdDSA, and no salt notation)

const signConfig = { ...openpgp.config, nonDeterministicSignaturesViaNotation: false };

/** A binary signature packet over `data` by `keyPacket`, with any creation date. */
async function rawSignature(keyPacket, data, seconds) {
  const date = new Date(seconds * 1000);
  const sig = new openpgp.SignaturePacket();
  sig.signatureType = enums.signature.binary;
  sig.publicKeyAlgorithm = keyPacket.algorithm;
  sig.hashAlgorithm = enums.hash.sha256;
  const lit = new openpgp.LiteralDataPacket(date);
  lit.setBytes(data, enums.literal.binary);
  await sig.sign(keyPacket, lit, date, true, signConfig);
  const list = new openpgp.PacketList();
  list.push(sig);
  return list.write();
}

// ---------------------------------------------------------------------------------------
// The cases

async function build() {
  const text = (p) => readFileSync(join(vectors, p), "utf8");
  const keyFile = (name) => `keys/gnupg/${name}`;

  // The recipient: keys/gnupg/rsa2048 (unprotected), its RSA encryption subkey.
  const rsaKey = await openpgp.readKey({ armoredKey: text(keyFile("rsa2048.pub.asc")) });
  const sub = rsaKey.subkeys[0].keyPacket;
  const rsa = { n: sub.publicParams.n, e: sub.publicParams.e, keyId: sub.getKeyID().write() };
  const pkesk = pkeskRsa(rsa, sessionPayload());
  const decryptWithKey = { operation: "decrypt_key", key: keyFile("rsa2048.sec.asc"), passphrase: "" };
  const decryptWithSessionKey = { operation: "decrypt_session_key", session_key: SESSION_KEY_TEXT };
  const decryptMany = { ...decryptWithKey, operation: "decrypt_many", session_key: SESSION_KEY_TEXT };

  const msg = (...parts) => armor("MESSAGE", concat(...parts));
  const hello = te.encode("hostile vectors: control message");
  const control = concat(pkesk, seipd1(literal(hello)));

  const cases = [];
  const extraFiles = [];
  const add = (id, content, how, expect, what) => cases.push({ id, content, how, expect, what });
  const error = (code) => ({ error: code });
  const unverified = { verified: false };
  const verified = { verified: true };

  // --- input and armor
  add("empty_input", "", decryptWithSessionKey, error("EMPTY_INPUT"), "an empty string");
  {
    const a = armor("MESSAGE", control).split("\n");
    const i = a.findIndex((l) => /^=[A-Za-z0-9+/]{4}$/.test(l));
    a[i] = "=" + (a[i][1] === "A" ? "B" : "A") + a[i].slice(2);
    add("armor_crc_mismatch", a.join("\n"), decryptWithSessionKey, error("ARMOR_CHECKSUM"),
      "the control message with one character of its =XXXX CRC-24 line changed");
  }
  {
    const a = armor("MESSAGE", control);
    add("armor_truncated", a.slice(0, a.length >> 1), decryptWithSessionKey, error("INVALID_ARMOR"),
      "the first half of the armored control message (no CRC, no END line)");
  }
  cases.push({
    id: "random_10mib",
    generate: { kind: "armored_random", bytes: 10 * 1024 * 1024, seed: 11, armor: "MESSAGE" },
    how: decryptWithSessionKey,
    expect: error("MALFORMED_MESSAGE"),
    what: "10 MiB of xorshift32 octets, the first set to 0xC1 (a PKESK header), armored as a PGP MESSAGE",
  });

  // --- something else where a message is expected, and the reverse
  add("public_key_as_message", text(keyFile("rsa2048.pub.asc")), decryptWithKey, error("NOT_A_MESSAGE"),
    "keys/gnupg/rsa2048.pub.asc given to decrypt");
  add("private_key_as_message", text(keyFile("rsa2048.sec.asc")), decryptWithSessionKey, error("NOT_A_MESSAGE"),
    "keys/gnupg/rsa2048.sec.asc given to decrypt");
  const detachedEd = text("messages/gnupg/detached_ed25519.sig.asc");
  add("signature_as_message", detachedEd, decryptWithSessionKey, error("NOT_A_MESSAGE"),
    "a detached signature (messages/gnupg/detached_ed25519.sig.asc) given to decrypt");
  const cleartext = text("messages/gnupg/cleartext_ed25519.asc");
  add("cleartext_as_message", cleartext, decryptWithSessionKey, error("NOT_A_MESSAGE"),
    "a cleartext-signed message (messages/gnupg/cleartext_ed25519.asc) given to decrypt");
  const rsaPub = dearmor(text(keyFile("rsa2048.pub.asc")));
  add("key_packets_armored_as_message", armor("MESSAGE", rsaPub), decryptWithKey, error("MALFORMED_MESSAGE"),
    "the packets of keys/gnupg/rsa2048.pub.asc inside PGP MESSAGE armor");
  const edSig = dearmor(detachedEd);
  add("signature_packet_armored_as_message", armor("MESSAGE", edSig), decryptWithSessionKey, error("MALFORMED_MESSAGE"),
    "a lone signature packet inside PGP MESSAGE armor");
  add("literal_only_message", msg(literal(hello)), decryptWithSessionKey, error("MALFORMED_MESSAGE"),
    "an unencrypted literal data packet given to decrypt");
  const ed = { operation: "verify_detached", verify_key: keyFile("ed25519.pub.asc"), data: "cases/signed_data.txt" };
  add("message_as_detached_signature", armor("MESSAGE", control), ed, error("NOT_A_SIGNATURE"),
    "the control message given as a detached signature");
  add("key_as_detached_signature", text(keyFile("ed25519.pub.asc")), ed, error("NOT_A_SIGNATURE"),
    "a public key given as a detached signature");
  add("key_packets_armored_as_signature", armor("SIGNATURE", rsaPub), ed, error("MALFORMED_SIGNATURE"),
    "the packets of keys/gnupg/rsa2048.pub.asc inside PGP SIGNATURE armor");
  const edInline = { operation: "verify_inline", verify_key: keyFile("ed25519.pub.asc") };
  add("encrypted_message_as_inline_signed", armor("MESSAGE", control), edInline, error("NOT_A_SIGNATURE"),
    "an encrypted message given to verify_inline");
  const edCleartext = { operation: "verify_cleartext", verify_key: keyFile("ed25519.pub.asc") };
  add("message_as_cleartext", armor("MESSAGE", control), edCleartext, error("NOT_A_SIGNATURE"),
    "an encrypted message given to verify_cleartext");
  add(
    "cleartext_signature_block_holds_a_key",
    cleartext.replace(/-----BEGIN PGP SIGNATURE-----[\s\S]*$/, armor("SIGNATURE", rsaPub)),
    edCleartext,
    error("MALFORMED_SIGNATURE"),
    "a cleartext-signed message whose signature block holds key packets",
  );

  // --- packet framing
  add("packet_tag_0", msg(u8(0xc0, 0x02, 0xde, 0xad), control), decryptWithSessionKey, error("MALFORMED_MESSAGE"),
    "a new-format packet with the reserved tag 0 (two body octets) before the control message");
  add("packet_tag_unassigned_critical", msg(packet(30, u8(1, 2, 3)), control), decryptWithSessionKey,
    error("MALFORMED_MESSAGE"), "a packet with the unassigned critical tag 30 before the control message");
  add("packet_tag_mdc_at_top_level", msg(packet(19, new Uint8Array(20)), control), decryptWithSessionKey,
    error("MALFORMED_MESSAGE"), "an MDC packet (tag 19) outside any encrypted data, before the control message");
  {
    const body = seipd1Body(literal(hello));
    add("length_ffffffff", msg(pkesk, u8(0xd2, 0xff, 0xff, 0xff, 0xff, 0xff), body), decryptWithSessionKey,
      error("MALFORMED_MESSAGE"),
      `a SEIPD packet whose five-octet length says 0xFFFFFFFF octets; ${body.length} follow`);
  }
  {
    // Old-format literal header (tag 11, four-octet length) claiming 0xFFFFFFFF octets.
    const inner = concat(u8(0xae, 0xff, 0xff, 0xff, 0xff), literalBody(hello));
    add("literal_length_absurd", msg(pkesk, seipd1(inner)), decryptWithSessionKey, error("MALFORMED_MESSAGE"),
      "inside valid encryption (MDC correct) a literal packet whose old-format length says 0xFFFFFFFF octets");
  }
  {
    // SEIPD body in 512-octet partial chunks; the data stops inside the third chunk.
    const body = seipd1Body(literal(randomBytes(2000, 5)));
    const parts = [u8(0xd2, 0xe9), body.slice(0, 512), u8(0xe9), body.slice(512, 1024), u8(0xe9), body.slice(1024, 1200)];
    add("partial_chunks_unterminated", msg(pkesk, ...parts), decryptWithSessionKey, error("MALFORMED_MESSAGE"),
      "a SEIPD packet in 512-octet partial body chunks whose data ends inside the third chunk (no final length)");
  }
  {
    const body = seipd1Body(literal(hello));
    const parts = [u8(0xd2, 0xe0), body.slice(0, 1), lengthOctets(body.length - 1), body.slice(1)];
    add("partial_first_chunk_one_octet", msg(pkesk, ...parts), decryptWithSessionKey, error("MALFORMED_MESSAGE"),
      "a SEIPD packet whose first partial body chunk is 1 octet (RFC 9580: at least 512), then a definite length");
  }
  const pkeskBody = packets(pkesk)[0].body;
  add("partial_length_on_pkesk", msg(u8(0xc1, 0xe0), pkeskBody.slice(0, 1), lengthOctets(pkeskBody.length - 1),
    pkeskBody.slice(1), seipd1(literal(hello))), decryptWithKey, error("MALFORMED_MESSAGE"),
    "a PKESK packet with a partial body length (allowed only for data packets)");
  {
    const body = seipd1Body(literal(randomBytes(4000, 6)));
    add("seipd_truncated_middle", msg(pkesk, header(18, body.length), body.slice(0, body.length >> 1)),
      decryptWithSessionKey, error("MALFORMED_MESSAGE"),
      "a SEIPD packet whose length is right but whose data stops half way (armor CRC correct)");
  }
  {
    const p = packets(pkesk)[0];
    const cut = p.body.slice(0, 40);
    add("pkesk_truncated", msg(packet(1, cut), seipd1(literal(hello))), decryptWithKey, error("MALFORMED_MESSAGE"),
      "a PKESK cut after 40 of its octets (length field consistent): the RSA MPI is incomplete");
  }
  {
    const p = packets(pkesk)[0];
    const body = p.body.slice();
    body[9] = 99;
    add("pkesk_unknown_algorithm", msg(packet(1, body), seipd1(literal(hello))), decryptWithKey,
      error("DECRYPTION_FAILED"),
      "a PKESK to rsa2048's subkey id whose public-key algorithm octet is 99 (unknown): for this key, but not decryptable");
  }
  {
    // v3 PKESKs to the anonymous key id 0, RSA values below the modulus (a full RSA
    // operation each), before the real PKESK.
    const flood = [];
    for (let i = 0; i < 300; i++) {
      flood.push(packet(1, concat(u8(3), new Uint8Array(8), u8(1), mpi(concat(u8(1), randomBytes(255, 300 + i))))));
    }
    add("pkesk_flood_anonymous", msg(...flood, pkesk, seipd1(literal(hello))), decryptWithKey,
      error("DECRYPTION_FAILED"),
      "300 PKESKs to the anonymous key id (random RSA values), then the real PKESK: more private-key operations than are tried");
  }
  add("pkesk_session_key_unknown_algorithm", msg(pkeskRsa(rsa, sessionPayload(99)), seipd1(literal(hello))),
    decryptWithKey, error("DECRYPTION_FAILED"),
    "a PKESK that RSA-decrypts to a session key with symmetric algorithm octet 99");
  add("pkesk_session_key_bad_checksum", msg(pkeskRsa(rsa, sessionPayload(9, SESSION_KEY, u8(0, 0))),
    seipd1(literal(hello))), decryptWithKey, error("DECRYPTION_FAILED"),
    "a PKESK whose decrypted session key has a wrong two-octet checksum");
  add("pkesk_session_key_too_short", msg(pkeskRsa(rsa, sessionPayload(9, SESSION_KEY.slice(0, 16))),
    seipd1(literal(hello))), decryptWithKey, error("DECRYPTION_FAILED"),
    "a PKESK whose decrypted session key says AES-256 but holds 16 octets (correct checksum)");
  add("session_key_wrong_algorithm", armor("MESSAGE", control),
    { operation: "decrypt_session_key", session_key: "7:" + SESSION_KEY_TEXT.slice(2, 34) },
    error("DECRYPTION_FAILED"), "the control message with an AES-128 session key made of the first half of its key");

  // --- integrity
  add("seipd1_mdc_tampered", msg(pkesk, seipd1(literal(hello), { mdcBody: new Uint8Array(20) })),
    decryptWithSessionKey, error("DECRYPTION_FAILED"), "SEIPDv1 whose MDC packet holds 20 zero octets instead of the SHA-1");
  {
    const p = seipd1(literal(hello));
    p[p.length - 30] ^= 0x01;
    add("seipd1_data_tampered", msg(pkesk, p), decryptWithSessionKey, error("DECRYPTION_FAILED"),
      "SEIPDv1 with one ciphertext bit of the literal data flipped");
  }
  add("seipd1_mdc_stripped", msg(pkesk, seipd1(literal(hello), { mdc: false })), decryptWithSessionKey,
    error("DECRYPTION_FAILED"), "SEIPDv1 encrypted without its MDC packet");
  add("sed_without_integrity", msg(pkesk, sedPacket(literal(hello))), decryptWithSessionKey,
    error("DECRYPTION_FAILED"), "legacy Symmetrically Encrypted Data (tag 9, no MDC) with the right session key");
  {
    const manifest = JSON.parse(text("messages/openpgpjs/manifest.json"));
    const v2 = manifest.messages.find((m) => m.name === "session_key_aes256_seipdv2_eax");
    const bytes = dearmor(text(`messages/openpgpjs/${v2.message}`));
    const seipd = packets(bytes).find((p) => p.tag === 18);
    if (seipd.body[0] !== 2) throw new Error("expected SEIPDv2");
    const how = { operation: "decrypt_session_key", session_key: v2.session_key };
    const changed = (offset, xor) => {
      const b = bytes.slice();
      b[seipd.bodyStart + offset] ^= xor;
      return armor("MESSAGE", b);
    };
    add("seipd2_final_tag_flipped", changed(seipd.body.length - 1, 0x80), how, error("DECRYPTION_FAILED"),
      "openpgpjs/session_key_aes256_seipdv2_eax.asc with one bit of the final AEAD tag flipped");
    add("seipd2_chunk_flipped", changed(36 + 3, 0x01), how, error("DECRYPTION_FAILED"),
      "the same SEIPDv2 (EAX) message with one bit of its first encrypted chunk flipped");
    add("seipd2_chunk_size_absurd", changed(3, 0xff ^ seipd.body[3]), how, error("MALFORMED_MESSAGE"),
      "the same SEIPDv2 message with chunk size octet 0xFF (RFC 9580 allows at most 16)");
    {
      const cut = seipd.body.slice(0, seipd.body.length - 16);
      add("seipd2_final_tag_missing", armor("MESSAGE", concat(bytes.slice(0, seipd.start), packet(18, cut))), how,
        error("DECRYPTION_FAILED"), "the same SEIPDv2 message without its final 16-octet AEAD tag (length adjusted)");
    }
  }

  // --- structure inside the encryption
  add("two_literal_packets", msg(pkesk, seipd1(concat(literal(hello), literal(hello)))), decryptWithSessionKey,
    error("MALFORMED_MESSAGE"), "SEIPDv1 (MDC correct) holding two literal data packets");
  add("garbage_after_message", msg(control, randomBytes(64, 7)), decryptWithSessionKey, error("MALFORMED_MESSAGE"),
    "the control message followed by 64 xorshift32 octets (inside the armor)");
  add("garbage_after_literal", msg(pkesk, seipd1(concat(literal(hello), u8(0, 1, 2, 3)))), decryptWithSessionKey,
    error("MALFORMED_MESSAGE"), "SEIPDv1 (MDC correct) holding a literal packet and then 4 octets that are no packet");
  add("encrypted_inside_encrypted", msg(pkesk, seipd1(seipd1(literal(hello), { seed: 9 }))), decryptWithSessionKey,
    error("MALFORMED_MESSAGE"), "SEIPDv1 whose plaintext is another SEIPDv1 packet (same session key)");
  add("compressed_unknown_algorithm", msg(pkesk, seipd1(compressed(110, literal(hello)))), decryptWithSessionKey,
    error("MALFORMED_MESSAGE"), "a compressed data packet with algorithm octet 110 (private/experimental)");
  {
    // The first octet of a deflate stream holds BFINAL and BTYPE; BTYPE 3 is reserved.
    const deflated = new Uint8Array(zlib.deflateRawSync(literal(te.encode("hostile ".repeat(400)))));
    deflated[0] |= 0x06;
    add("deflate_stream_corrupt", msg(pkesk, seipd1(compressed(1, deflated))), decryptWithSessionKey,
      error("MALFORMED_MESSAGE"), "a ZIP compressed packet whose deflate block type is 3 (reserved)");
  }

  // --- compression bombs and nesting
  const zeros = 128 * 1024 * 1024;
  const zipBomb = await deflateZeros(zeros, "raw");
  add("zip_bomb_128mib", msg(pkesk, seipd1(compressed(1, zipBomb))), decryptWithSessionKey,
    error("MESSAGE_TOO_LARGE"), `a ZIP packet inflating to a literal of 128 MiB of zeros (${zipBomb.length} octets compressed)`);
  const zlibBomb = await deflateZeros(zeros, "zlib");
  add("zlib_bomb_128mib", msg(pkesk, seipd1(compressed(2, zlibBomb))), decryptWithKey,
    error("MESSAGE_TOO_LARGE"), `a ZLIB packet inflating to a literal of 128 MiB of zeros (${zlibBomb.length} octets compressed)`);
  const gib = 1024 * 1024 * 1024;
  const bzBomb = bzip2Zeros(gib);
  add("bzip2_bomb_1gib", msg(pkesk, seipd1(compressed(3, bzBomb))), decryptWithSessionKey,
    error("MESSAGE_TOO_LARGE"), `a BZip2 packet inflating to a literal of 1 GiB of zeros (${bzBomb.length} octets compressed)`);
  const doubleZip = zip(compressed(1, await deflateZeros(gib, "raw")));
  add("zip_in_zip_bomb_1gib", msg(doubleZip), edInline, error("MESSAGE_TOO_LARGE"),
    `an unencrypted ZIP packet holding a ZIP packet holding a literal of 1 GiB of zeros (${doubleZip.length} octets)`);
  const nest = (levels, wrap, inner) => {
    let m = inner;
    for (let i = 0; i < levels; i++) m = wrap(m);
    return m;
  };
  add("nested_zip_64", msg(pkesk, seipd1(nest(64, zip, literal(hello)))), decryptWithSessionKey,
    error("NESTING_TOO_DEEP"), "SEIPDv1 holding 64 ZIP compressed packets nested in each other around a literal");
  add("nested_zlib_1000", msg(pkesk, seipd1(nest(1000, zlibbed, literal(hello)))), decryptWithKey,
    error("NESTING_TOO_DEEP"), "SEIPDv1 holding 1000 ZLIB compressed packets nested in each other around a literal");
  add("nested_zip_1000_unencrypted", msg(nest(1000, zip, literal(hello))), edInline, error("NESTING_TOO_DEEP"),
    "an unencrypted message of 1000 nested ZIP compressed packets around a literal, given to verify_inline");

  // --- passwords: S2K work
  {
    const manifest = JSON.parse(text("messages/openpgpjs/manifest.json"));
    const a2 = manifest.messages.find((m) => m.name === "password_argon2_seipdv2_gcm");
    const bytes = dearmor(text(`messages/openpgpjs/${a2.message}`));
    const skesk = packets(bytes).find((p) => p.tag === 3);
    // SKESKv6: version, count, cipher, AEAD, S2K length, S2K: type 4, 16 salt, t, p, m.
    const s2k = skesk.bodyStart + 5;
    if (bytes[skesk.bodyStart] !== 6 || bytes[s2k] !== 4) throw new Error("expected SKESKv6 with Argon2");
    const how = { operation: "decrypt_password", password: a2.decrypt_with.password };
    const argon = (t, p, m) => {
      const b = bytes.slice();
      b.set(u8(t, p, m), s2k + 17);
      return armor("MESSAGE", b);
    };
    add("argon2_memory_2gib", argon(1, 4, 21), how, error("S2K_TOO_EXPENSIVE"),
      "openpgpjs/password_argon2_seipdv2_gcm.asc with Argon2 memory 2^21 KiB (2 GiB), t=1, p=4");
    add("argon2_memory_2tib", argon(1, 4, 31), how, error("S2K_TOO_EXPENSIVE"),
      "the same with Argon2 memory exponent 31 (2 TiB)");
    add("argon2_passes_255", argon(255, 4, 16), how, error("S2K_TOO_EXPENSIVE"),
      "the same with 255 Argon2 passes over 64 MiB");
    add("argon2_passes_32_memory_256mib", argon(32, 1, 18), how, error("S2K_TOO_EXPENSIVE"),
      "the same with t=32, p=1, 256 MiB: within rPGP's own bounds (t<=32, m<=2 GiB) but 8 GiB of work");
  }
  {
    const flood = [];
    for (let i = 0; i < 100; i++) flood.push(skeskIterated(255, randomBytes(33, 100 + i), 200 + i));
    add("skesk_flood_s2k_count_255", msg(...flood, seipd1(literal(hello))),
      { operation: "decrypt_password", password: "not the password" }, error("S2K_TOO_EXPENSIVE"),
      "100 SKESKs, each with the largest iterated S2K count (65011712 octets of SHA-256) and an encrypted session key");
  }
  add("skesk_unknown_s2k_type", msg(packet(3, concat(u8(4, 9, 99, 8), randomBytes(8, 12))), seipd1(literal(hello))),
    { operation: "decrypt_password", password: "not the password" }, error("DECRYPTION_FAILED"),
    "a SKESK whose S2K specifier type is 99 (unknown)");

  // --- signatures
  const signed = te.encode("hostile vectors: signed data\n");
  const revokedPriv = await openpgp.readPrivateKey({ armoredKey: text(keyFile("revoked.sec.asc")) });
  const expiredPriv = await openpgp.readPrivateKey({ armoredKey: text(keyFile("expired.sec.asc")) });
  const rotatedPriv = await openpgp.readPrivateKey({ armoredKey: text(keyFile("rotated-subkeys.sec.asc")) });
  // keys/gnupg/revoked.pub.asc without its key revocation signature (type 0x20): the
  // controls show that the signatures are otherwise good.
  const unrevokedName = "keys/revoked-without-revocation.pub.asc";
  {
    const bytes = dearmor(text(keyFile("revoked.pub.asc")));
    const kept = packets(bytes).filter((p) => !(p.tag === 2 && p.body[1] === 0x20));
    extraFiles.push([unrevokedName, armor("PUBLIC KEY BLOCK", concat(...kept.map((p) => bytes.slice(p.start, p.end))))]);
  }
  const detached = (verifyKey) => ({ operation: "verify_detached", verify_key: verifyKey, data: "cases/signed_data.txt" });
  const byRevoked = armor("SIGNATURE", await rawSignature(revokedPriv.keyPacket, signed, MESSAGE_DATE));
  add("detached_by_revoked_key", byRevoked, detached(keyFile("revoked.pub.asc")), unverified,
    "a detached signature (2026-01-20) by keys/gnupg/revoked, whose primary key is revoked");
  add("control_detached_by_revoked_key_without_revocation", byRevoked, detached(`hostile/${unrevokedName}`), verified,
    `control: the same signature verifies with the same key without its revocation (${unrevokedName})`);
  add("detached_by_expired_key", armor("SIGNATURE", await rawSignature(expiredPriv.keyPacket, signed, AFTER_EXPIRY)),
    detached(keyFile("expired.pub.asc")), unverified,
    "a detached signature made 2022-01-20 by keys/gnupg/expired, a year after the key expired");
  add("control_detached_by_expired_key_before_expiry",
    armor("SIGNATURE", await rawSignature(expiredPriv.keyPacket, signed, BEFORE_EXPIRY)),
    detached(keyFile("expired.pub.asc")), verified,
    "control: a signature by the same key made 2020-06-01, while it was valid, verifies (expiry is judged at the signature's time)");
  {
    const signing = rotatedPriv.subkeys.find((s) =>
      s.bindingSignatures.some((b) => b.keyFlags && b.keyFlags[0] & enums.keyFlags.signData));
    const sig = await rawSignature(signing.keyPacket, signed, MESSAGE_DATE);
    const date = new Date(MESSAGE_DATE * 1000);
    const index = rotatedPriv.subkeys.indexOf(signing);
    rotatedPriv.subkeys[index] = await signing.revoke(rotatedPriv.keyPacket, {}, date, signConfig);
    const pub = rotatedPriv.toPublic();
    const pubBytes = pub.write();
    const name = "keys/rotated-subkeys-signing-revoked.pub.asc";
    add("detached_by_revoked_signing_subkey", armor("SIGNATURE", sig), detached(`hostile/${name}`), unverified,
      `a detached signature by the Ed25519 signing subkey of keys/gnupg/rotated-subkeys, checked with that key after a revocation of the subkey was added (${name})`);
    add("control_detached_by_signing_subkey_not_revoked", armor("SIGNATURE", sig),
      detached(keyFile("rotated-subkeys.pub.asc")), verified,
      "control: the same signature verifies with keys/gnupg/rotated-subkeys.pub.asc, where the subkey is not revoked");
    extraFiles.push([name, armor("PUBLIC KEY BLOCK", pubBytes)]);
  }
  {
    const edPriv = await openpgp.readPrivateKey({ armoredKey: text(keyFile("ed25519.sec.asc")) });
    const good = await rawSignature(edPriv.keyPacket, signed, MESSAGE_DATE);
    const p = packets(good)[0];
    // v4 signature body: version, type, pk alg, hash alg, hashed len (2) + hashed, unhashed len (2) + unhashed, 2 prefix octets.
    const hashedLen = (p.body[4] << 8) | p.body[5];
    const unhashedAt = 6 + hashedLen;
    const prefixAt = unhashedAt + 2 + ((p.body[unhashedAt] << 8) | p.body[unhashedAt + 1]);
    const body = p.body.slice();
    body[prefixAt] ^= 0xff;
    body[prefixAt + 1] ^= 0xff;
    const how = { operation: "verify_detached", verify_key: keyFile("ed25519.pub.asc"), data: "cases/signed_data.txt" };
    add("detached_hash_prefix_mismatch", armor("SIGNATURE", packet(2, body)), how, unverified,
      "a valid Ed25519 detached signature by keys/gnupg/ed25519 with its two hash-prefix octets inverted");
    add("control_detached_good_signature", armor("SIGNATURE", good), how, verified,
      "control: the unchanged signature over the unchanged data verifies");
    add("detached_over_tampered_data", armor("SIGNATURE", good),
      { ...how, data: "cases/signed_data_tampered.txt" }, unverified,
      "a valid detached signature by keys/gnupg/ed25519 checked against data with one character changed");
    add("detached_signature_truncated", armor("SIGNATURE", packet(2, p.body.slice(0, 30))), how,
      error("MALFORMED_SIGNATURE"), "the first 30 octets of that signature's body (length field consistent)");
    add("detached_signature_length_absurd", armor("SIGNATURE", concat(u8(0xc2, 0xff, 0xff, 0xff, 0xff, 0xf0), p.body)),
      how, error("MALFORMED_SIGNATURE"), "that signature packet with a five-octet length of 0xFFFFFFF0");
    // One-pass signed messages built by hand: OPS, literal, signature.
    const ops = new openpgp.OnePassSignaturePacket();
    ops.signatureType = enums.signature.binary;
    ops.hashAlgorithm = enums.hash.sha256;
    ops.publicKeyAlgorithm = edPriv.keyPacket.algorithm;
    ops.issuerKeyID = edPriv.keyPacket.getKeyID();
    ops.flags = 1;
    const opsPacket = packet(4, ops.write());
    const lit = literal(signed);
    add("inline_ops_without_signature", msg(opsPacket, lit), edInline, error("MALFORMED_SIGNATURE"),
      "a one-pass signature packet and a literal packet, and no signature packet");
    const many = [];
    for (let i = 0; i < 10000; i++) many.push(opsPacket);
    add("inline_ops_flood_10000", msg(...many, lit), edInline, error("MALFORMED_SIGNATURE"),
      "10000 one-pass signature packets, a literal packet and no signature packet");
    add("inline_two_literals", msg(opsPacket, lit, lit, packet(2, p.body)), edInline, error("MALFORMED_SIGNATURE"),
      "a one-pass signed message with two literal packets before its signature");
    const inlineRevoked = msg(await signInline(revokedPriv, signed));
    add("inline_by_revoked_key", inlineRevoked, { operation: "verify_inline", verify_key: keyFile("revoked.pub.asc") },
      unverified, "an inline-signed message by keys/gnupg/revoked (signed by OpenPGP.js with the revocation left out)");
    add("control_inline_by_revoked_key_without_revocation", inlineRevoked,
      { operation: "verify_inline", verify_key: `hostile/${unrevokedName}` }, verified,
      "control: the same message verifies with the key without its revocation");
  }

  // --- decryptMany: the hostile item beside a valid one
  add("many_bzip2_bomb", msg(pkesk, seipd1(compressed(3, bzBomb))), decryptMany, error("MESSAGE_TOO_LARGE"),
    "the BZip2 bomb in a batch with the control message, session key given (rsa2048 as fallback)");
  add("many_mdc_tampered", msg(pkesk, seipd1(literal(hello), { mdcBody: new Uint8Array(20) })), decryptMany,
    error("DECRYPTION_FAILED"), "a tampered MDC in a batch: the session key fails, the fallback key fails the same way");
  add("many_nested_zip_1000", msg(pkesk, seipd1(nest(1000, zip, literal(hello)))), decryptMany,
    error("NESTING_TOO_DEEP"), "1000 nested ZIP packets in a batch with the control message");

  return { cases, extraFiles, control, hello, signed };
}

/** OpenPGP.js inline signature by `key` with its revocations dropped (it refuses revoked keys). */
async function signInline(key, data) {
  const copy = key.clone();
  copy.revocationSignatures = [];
  return openpgp.sign({
    message: await openpgp.createMessage({ binary: data, date: new Date(MESSAGE_DATE * 1000) }),
    signingKeys: copy,
    date: new Date(MESSAGE_DATE * 1000),
    format: "binary",
    config: signConfig,
  });
}

/** A literal packet of `size` zero octets, compressed as raw deflate or zlib, streamed. */
async function deflateZeros(size, kind) {
  const stream = kind === "raw" ? zlib.createDeflateRaw({ level: 9 }) : zlib.createDeflate({ level: 9 });
  const chunks = [];
  stream.on("data", (c) => chunks.push(c));
  const done = new Promise((ok, fail) => {
    stream.on("end", ok);
    stream.on("error", fail);
  });
  const head = concat(u8(0xcb, 0xff), be32(size + 6), u8(0x62, 0), be32(MESSAGE_DATE));
  stream.write(head);
  const block = Buffer.alloc(1024 * 1024);
  for (let left = size; left > 0; left -= block.length) {
    if (!stream.write(left >= block.length ? block : block.subarray(0, left))) {
      await new Promise((ok) => stream.once("drain", ok));
    }
  }
  stream.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** A literal packet of `size` zero octets, bzip2-compressed by the `bzip2` command. */
function bzip2Zeros(size) {
  const head = concat(u8(0xcb, 0xff), be32(size + 6), u8(0x62, 0), be32(MESSAGE_DATE));
  const octal = [...head].map((b) => "\\" + b.toString(8).padStart(3, "0")).join("");
  const run = spawnSync("bash", ["-c", `set -o pipefail; (printf '${octal}'; head -c ${size} /dev/zero) | bzip2 -9c`], {
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`bzip2 failed: ${run.stderr}`);
  return new Uint8Array(run.stdout);
}

// ---------------------------------------------------------------------------------------
// The generated (not committed) inputs, also built by the runners

/** `{kind: "armored_random", bytes, seed, armor}`: see README.md. */
export function generateCase(spec) {
  if (spec.kind !== "armored_random") throw new Error(`unknown generator kind ${spec.kind}`);
  const next = xorshift32(spec.seed);
  const bytes = new Uint8Array(spec.bytes);
  for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
  bytes[0] = 0xc1;
  const body = b64encode(bytes);
  const lines = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  return `-----BEGIN PGP ${spec.armor}-----\n\n${lines.join("\n")}\n-----END PGP ${spec.armor}-----\n`;
}

// ---------------------------------------------------------------------------------------
// Write

async function main() {
  const { cases, extraFiles, control, hello, signed } = await build();
  const ids = new Set();
  for (const c of cases) {
    if (!/^[a-z0-9_]+$/.test(c.id) || ids.has(c.id)) throw new Error(`bad or duplicate id ${c.id}`);
    ids.add(c.id);
  }
  rmSync(casesDir, { recursive: true, force: true });
  rmSync(join(here, "keys"), { recursive: true, force: true });
  mkdirSync(casesDir, { recursive: true });
  mkdirSync(join(here, "keys"), { recursive: true });
  for (const [name, content] of extraFiles) writeFileSync(join(here, name), content);
  const write = (name, content) => writeFileSync(join(here, name), content);
  write("cases/control.asc", armor("MESSAGE", control));
  write("cases/signed_data.txt", signed);
  const tampered = signed.slice();
  tampered[0] ^= 0x20;
  write("cases/signed_data_tampered.txt", tampered);
  const rows = cases.map((c) => {
    const row = { id: c.id, what: c.what };
    if (c.generate) row.generate = c.generate;
    else {
      row.file = `cases/${c.id}.asc`;
      write(row.file, c.content);
    }
    Object.assign(row, c.how, { expect: c.expect });
    return row;
  });
  const manifest = {
    about: "Hostile and malformed OpenPGP messages and signatures: see README.md",
    key_paths: "relative to tests/vectors",
    other_paths: "relative to tests/vectors/hostile",
    session_key: SESSION_KEY_TEXT,
    control: { file: "cases/control.asc", plaintext: new TextDecoder().decode(hello) },
    cases: rows,
  };
  writeFileSync(join(here, "cases.json"), JSON.stringify(manifest, null, 2) + "\n");
  writeRustRows(manifest);
  writeReadmeTable(manifest);
  console.log(`${rows.length} cases written (${readdirSync(casesDir).length} files in cases/)`);
}

/** Rewrites the case table of README.md (between its two marker lines) from the manifest. */
function writeReadmeTable(manifest) {
  const path = join(here, "README.md");
  const readme = readFileSync(path, "utf8");
  const begin = "<!-- cases: written by generate.mjs -->";
  const end = "<!-- end of cases -->";
  const outcome = (e) => (e.error ? `\`${e.error}\`` : `verified=${e.verified}`);
  const rows = manifest.cases.map((c) => `| \`${c.id}\` | ${c.operation} | ${outcome(c.expect)} | ${c.what.replace(/\|/g, "\\|")} |`);
  const table = ["| id | operation | expected | what it is |", "| --- | --- | --- | --- |", ...rows].join("\n");
  const [head, rest] = readme.split(begin);
  if (rest === undefined || !rest.includes(end)) throw new Error("README.md lacks the case table markers");
  writeFileSync(path, `${head}${begin}\n${table}\n${end}${rest.slice(rest.indexOf(end) + end.length)}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
