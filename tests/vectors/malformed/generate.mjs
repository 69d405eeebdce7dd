#!/usr/bin/env node
// Writes the table of malformed / hostile inputs for `key_info` / `keyInfo`:
// one file per case under cases/, and the manifest cases.json. See README.md.
//
// Plain Node (>= 20) ES module without dependencies. Deterministic: every run writes the
// same bytes. Run from anywhere: `node tests/vectors/malformed/generate.mjs`.

import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "..", "fixtures");
const casesDir = join(here, "cases");

// ---------------------------------------------------------------------------------------
// base64 (RFC 4648, standard alphabet, with padding) and CRC-24 (RFC 4880 §6.1)

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function b64encode(bytes) {
  let out = "";
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + "==";
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + "=";
  }
  return out;
}

function b64decode(text) {
  const clean = text.replace(/[\s=]/g, "");
  const out = [];
  let acc = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = B64.indexOf(ch);
    if (v < 0) throw new Error(`not base64: ${JSON.stringify(ch)}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
    acc &= (1 << bits) - 1;
  }
  return Uint8Array.from(out);
}

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

// Self-checks of the helpers (CRC-24/OPENPGP check value, base64 round trip).
if (crc24(new TextEncoder().encode("123456789")) !== 0x21cf02) throw new Error("crc24 broken");
if (crc24(new Uint8Array(0)) !== 0xb704ce) throw new Error("crc24 broken");
for (let n = 0; n < 8; n++) {
  const sample = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 0xff);
  if (b64decode(b64encode(sample)).join() !== sample.join()) throw new Error("base64 broken");
}

// ---------------------------------------------------------------------------------------
// ASCII armor

/** Armors `bytes` as `-----BEGIN PGP <type>-----`, 64-char lines, with a correct CRC-24. */
function armor(type, bytes, { checksum = true } = {}) {
  const body = b64encode(bytes);
  const lines = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  const crc = crc24(bytes);
  const crcLine = "=" + b64encode(Uint8Array.from([crc >> 16, (crc >> 8) & 0xff, crc & 0xff]));
  return (
    `-----BEGIN PGP ${type}-----\n\n` +
    lines.map((l) => l + "\n").join("") +
    (checksum ? crcLine + "\n" : "") +
    `-----END PGP ${type}-----\n`
  );
}

/** Decodes an armored block (no armor headers expected beyond a blank line); checks its CRC. */
function dearmor(text) {
  const lines = text.replace(/\r/g, "").split("\n");
  const begin = lines.findIndex((l) => l.startsWith("-----BEGIN PGP "));
  const end = lines.findIndex((l) => l.startsWith("-----END PGP "));
  let i = begin + 1;
  while (lines[i] !== "") i++; // armor headers
  const body = [];
  let crc = null;
  for (i++; i < end; i++) {
    if (lines[i].startsWith("=") && lines[i].length === 5) crc = lines[i].slice(1);
    else body.push(lines[i]);
  }
  const bytes = b64decode(body.join(""));
  if (crc !== null) {
    const c = b64decode(crc);
    if (((c[0] << 16) | (c[1] << 8) | c[2]) !== crc24(bytes)) throw new Error("fixture CRC mismatch");
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------
// OpenPGP packets (only what is needed to take the fixture keys apart)

/** Lists the packets of `bytes`: { tag, start, bodyStart, end }. Old and new formats. */
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
      } else throw new Error("partial lengths are not expected in fixture keys");
    } else {
      tag = (h >> 2) & 0x0f;
      const lt = h & 3;
      if (lt === 3) throw new Error("indeterminate lengths are not expected in fixture keys");
      const n = [1, 2, 4][lt];
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + bytes[p++];
    }
    out.push({ tag, start, bodyStart: p, end: p + len });
    p += len;
  }
  if (p !== bytes.length) throw new Error("packet lengths overrun the data");
  return out;
}

/** A new-format packet header for `tag` and a body of `len` octets (RFC 4880 §4.2.2). */
function header(tag, len) {
  const h = [0xc0 | tag];
  if (len < 192) h.push(len);
  else if (len < 8384) h.push(((len - 192) >> 8) + 192, (len - 192) & 0xff);
  else h.push(0xff, (len >>> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff);
  return h;
}

const concat = (...parts) => {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

// ---------------------------------------------------------------------------------------
// Noise generators (also defined in README.md, reimplemented by the runners)

/** xorshift32: state = seed; per output: state ^= state << 13; ^= state >>> 17; ^= state << 5. */
function* xorshift32(seed) {
  let s = seed >>> 0;
  for (;;) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    yield s;
  }
}

function noiseText(chars, seed) {
  const g = xorshift32(seed);
  const out = new Uint8Array(chars);
  for (let i = 0; i < chars; i++) out[i] = 0x20 + (g.next().value % 95);
  return new TextDecoder().decode(out);
}

function armoredNoise(chars, seed, lineLength) {
  const g = xorshift32(seed);
  let body = "";
  let line = "";
  for (let i = 0; i < chars; i++) {
    line += B64[g.next().value % 64];
    if (line.length === lineLength) {
      body += (body ? "\n" : "") + line;
      line = "";
    }
  }
  if (line) body += (body ? "\n" : "") + line;
  return `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${body}\n-----END PGP PUBLIC KEY BLOCK-----`;
}

// Exported for runners written in JS that want to reuse the reference implementation.
export function generateCase(spec) {
  switch (spec.kind) {
    case "noise":
      return noiseText(spec.bytes, spec.seed);
    case "armored_noise":
      return armoredNoise(spec.chars, spec.seed, spec.line_length);
    default:
      throw new Error(`unknown generator kind ${spec.kind}`);
  }
}

// ---------------------------------------------------------------------------------------
// The cases

function build() {
  const read = (p) => readFileSync(join(fixtures, p), "utf8");
  const adaPub = read("keys/ada_public.asc");
  const adaSec = read("keys/ada_private.asc");
  const bettyPub = read("keys/betty_public.asc");
  const bettySec = read("keys/betty_private.asc");
  const bundle = JSON.parse(read("crypto/session_keys_bundle.json"));
  const jwt = JSON.parse(read("crypto/jwt.json"));
  const gpgauth = JSON.parse(read("crypto/gpgauth.json"));

  const ada = dearmor(adaPub);
  const adaS = dearmor(adaSec);
  const betty = dearmor(bettyPub);
  const bettyS = dearmor(bettySec);
  const adaPackets = packets(ada);
  const [adaKeyPkt] = adaPackets;
  const adaUid = adaPackets.find((p) => p.tag === 13);
  const adaSig = adaPackets.find((p) => p.tag === 2);
  if (adaKeyPkt.tag !== 6 || !adaUid || !adaSig) throw new Error("unexpected ada packets");
  if (ada[adaUid.start] !== 0xcd || adaUid.bodyStart !== adaUid.start + 2) {
    throw new Error("ada's user id packet does not have a one-octet new-format header");
  }

  const cases = [];
  const file = (name, content, expect, what) => cases.push({ name, content, expect, what });
  const gen = (name, generate, expect, what) => cases.push({ name, generate, expect, what });

  // --- not armor at all
  file("empty", "", "EMPTY_INPUT", "an empty input");
  file("whitespace_only", " \n\t\r\n   \n", "EMPTY_INPUT", "spaces, tabs and line breaks only");
  file("plain_text", "hello", "INVALID_ARMOR", "the plain text \"hello\"");
  file(
    "binary_junk",
    Uint8Array.from({ length: 1024 }, (_, i) => i & 0xff),
    "INVALID_ARMOR",
    "raw bytes 0x00..0xFF four times (not UTF-8; decoded lossily by the runners)",
  );
  file(
    "json_document",
    JSON.stringify({ id: "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a01", fingerprint: "A666D519FB17EDA844AF7F1B09D7E972478529D7", armored_key: null }, null, 2) + "\n",
    "INVALID_ARMOR",
    "a JSON document without any armor",
  );
  file(
    "json_escaped_key",
    JSON.stringify({ armored_key: adaPub }) + "\n",
    "INVALID_ARMOR",
    "ada's public key as a JSON string (line breaks escaped as \\n, so no BEGIN line of its own)",
  );
  file(
    "pem_public_key",
    jwt.jwt_public_key_pem,
    "NOT_A_KEY",
    "a PEM \"-----BEGIN PUBLIC KEY-----\" (SPKI RSA) block, no \"BEGIN PGP\" line",
  );
  file(
    "pem_rsa_private_key",
    "-----BEGIN RSA PRIVATE KEY-----\n" +
      "MIIEowIBAAKCAQEA" + b64encode(Uint8Array.from({ length: 180 }, (_, i) => (i * 37 + 11) & 0xff)).slice(0, 48) + "\n" +
      b64encode(Uint8Array.from({ length: 48 }, (_, i) => (i * 53 + 7) & 0xff)) + "\n" +
      "-----END RSA PRIVATE KEY-----\n",
    "NOT_A_KEY",
    "a PKCS#1 \"-----BEGIN RSA PRIVATE KEY-----\" look-alike, no \"BEGIN PGP\" line",
  );
  file(
    "openssh_private_key",
    "-----BEGIN OPENSSH PRIVATE KEY-----\n" +
      b64encode(new TextEncoder().encode("openssh-key-v1\0\0\0\0\x04none\0\0\0\x04none\0\0\0\0\0\0\0\x01")) + "\n" +
      "-----END OPENSSH PRIVATE KEY-----\n",
    "NOT_A_KEY",
    "an OpenSSH private key look-alike, no \"BEGIN PGP\" line",
  );
  file(
    "openssh_public_key_line",
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA4Jt7jYrW1N0u9q9mXo2C1a6ZQ0b0lB3m8GQ3v5YrJ1 ada@laptop\n",
    "NOT_A_KEY",
    "an OpenSSH public key line",
  );

  // --- broken armor
  const adaLines = adaPub.split("\n");
  const crcIdx = adaLines.findIndex((l) => /^=[A-Za-z0-9+/]{4}$/.test(l));
  file(
    "truncated_armor_half",
    adaPub.slice(0, Math.floor(adaPub.length / 2)),
    "INVALID_ARMOR",
    "the first half (by characters) of ada_public.asc: no checksum, no END line",
  );
  file(
    "end_line_missing",
    adaPub.replace("-----END PGP PUBLIC KEY BLOCK-----\n", ""),
    "INVALID_ARMOR",
    "ada_public.asc without its END line",
  );
  file(
    "begin_line_only",
    "-----BEGIN PGP PUBLIC KEY BLOCK-----\n",
    "INVALID_ARMOR",
    "a lone BEGIN line",
  );
  file(
    "begin_line_malformed",
    adaPub.replace("-----BEGIN PGP PUBLIC KEY BLOCK-----", "-----BEGIN PGP PUBLIC KEY BLOCK----"),
    "INVALID_ARMOR",
    "ada_public.asc whose BEGIN line has four closing dashes instead of five",
  );
  file(
    "armor_header_without_colon",
    adaPub.replace("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n", "-----BEGIN PGP PUBLIC KEY BLOCK-----\nVersion GnuPG v2\n\n"),
    "INVALID_ARMOR",
    "ada_public.asc with an armor header line that has no \"Key: value\" colon",
  );
  file(
    "empty_armored_block",
    "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n-----END PGP PUBLIC KEY BLOCK-----\n",
    "INVALID_ARMOR",
    "a BEGIN and an END line with nothing between",
  );
  file(
    "empty_armored_block_with_checksum",
    armor("PUBLIC KEY BLOCK", new Uint8Array(0)),
    "INVALID_ARMOR",
    "an armored public key block with no data and the (correct) CRC of no data, =twTO",
  );
  {
    const l = [...adaLines];
    const c = l[crcIdx];
    l[crcIdx] = c.slice(0, 2) + (c[2] === "A" ? "B" : "A") + c.slice(3);
    file("bad_checksum", l.join("\n"), "ARMOR_CHECKSUM", "ada_public.asc with one character of its =XXXX checksum line changed");
  }
  {
    const l = [...adaLines];
    const row = 4; // a full body line in the middle of the block
    const c = l[row];
    l[row] = c.slice(0, 20) + (c[20] === "A" ? "B" : "A") + c.slice(21);
    file("body_char_changed", l.join("\n"), "ARMOR_CHECKSUM", "ada_public.asc with one base64 character of its body changed (CRC no longer matches)");
  }
  {
    const l = [...adaLines];
    l[3] = l[3].slice(0, 10) + "!!!!" + l[3].slice(14);
    file("invalid_base64_chars", l.join("\n"), "INVALID_ARMOR", "ada_public.asc with four body characters replaced by '!'");
  }
  {
    const l = [...adaLines];
    l[crcIdx] = "=7n!";
    file("checksum_line_malformed", l.join("\n"), "INVALID_ARMOR", "ada_public.asc whose checksum line is \"=7n!\" (not base64, too short)");
  }
  file(
    "begin_end_type_mismatch",
    adaPub.replace("-----END PGP PUBLIC KEY BLOCK-----", "-----END PGP PRIVATE KEY BLOCK-----"),
    "INVALID_ARMOR",
    "ada_public.asc closed by \"-----END PGP PRIVATE KEY BLOCK-----\"",
  );

  // --- armor that is not a key
  file("pgp_message", bundle.armored, "NOT_A_KEY", "a PGP MESSAGE (the session keys bundle of crypto/session_keys_bundle.json)");
  file(
    "pgp_message_multipart",
    armor("MESSAGE, PART 1/2", dearmor(gpgauth.user_auth_token_armored)),
    "NOT_A_KEY",
    "a \"PGP MESSAGE, PART 1/2\" block (gpgauth.json's user_auth_token re-armored)",
  );
  const adaSigBytes = ada.slice(adaSig.start, adaSig.end);
  file("pgp_signature", armor("SIGNATURE", adaSigBytes), "NOT_A_KEY", "a PGP SIGNATURE block (ada's user id self-signature packet)");
  file(
    "cleartext_signed_message",
    "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nhello, this is not a key\n" + armor("SIGNATURE", adaSigBytes),
    "NOT_A_KEY",
    "a cleartext-signed message (its signature block is ada's self-signature, so it does not verify)",
  );
  file("pgp_armored_file", armor("ARMORED FILE", ada), "NOT_A_KEY", "ada's key packets in a \"PGP ARMORED FILE\" block");
  file(
    "two_messages",
    bundle.armored + "\n" + gpgauth.user_auth_token_armored + "\n",
    "INVALID_ARMOR",
    "two PGP MESSAGE blocks one after the other",
  );

  // --- several keys
  file("two_public_keys", adaPub + bettyPub, "MULTIPLE_KEYS", "ada_public.asc followed by betty_public.asc");
  file("same_public_key_twice", adaPub + "\n" + adaPub, "MULTIPLE_KEYS", "ada_public.asc twice");
  file("public_then_private_key", adaPub + bettySec, "MULTIPLE_KEYS", "ada_public.asc followed by betty_private.asc");
  file("two_keys_one_armor", armor("PUBLIC KEY BLOCK", concat(ada, betty)), "MULTIPLE_KEYS", "the packets of ada's and betty's public keys in ONE armored block (correct CRC)");
  file("two_private_keys_one_armor", armor("PRIVATE KEY BLOCK", concat(adaS, bettyS)), "MULTIPLE_KEYS", "the packets of ada's and betty's private keys in ONE armored private key block (correct CRC)");
  file(
    "key_then_message",
    adaPub + bundle.armored + "\n",
    "INVALID_ARMOR",
    "ada_public.asc followed by a PGP MESSAGE: two armored blocks, only one of them a key",
  );
  file(
    "message_then_key",
    bundle.armored + "\n" + adaPub,
    "INVALID_ARMOR",
    "a PGP MESSAGE followed by ada_public.asc: two armored blocks, only one of them a key",
  );

  // --- armor fine (correct CRC), packets broken
  file("packets_truncated_half", armor("PUBLIC KEY BLOCK", ada.slice(0, ada.length >> 1)), "MALFORMED_KEY", "the first half of ada's key packets, re-armored with a correct CRC");
  file("packets_truncated_10_bytes", armor("PUBLIC KEY BLOCK", ada.slice(0, 10)), "MALFORMED_KEY", "the first 10 bytes of ada's key packets, re-armored with a correct CRC");
  file(
    "private_packets_truncated_half",
    armor("PRIVATE KEY BLOCK", adaS.slice(0, adaS.length >> 1)),
    "MALFORMED_KEY",
    "the first half of ada's private key packets, re-armored with a correct CRC",
  );
  file(
    "first_packet_user_id",
    armor("PUBLIC KEY BLOCK", concat(ada.slice(adaUid.start, adaUid.end), ada.slice(adaKeyPkt.start, adaKeyPkt.end), ada.slice(adaUid.end))),
    "MALFORMED_KEY",
    "ada's key packets with the user id packet moved before the public key packet",
  );
  file("signature_packet_only", armor("PUBLIC KEY BLOCK", adaSigBytes), "MALFORMED_KEY", "a PGP PUBLIC KEY BLOCK holding only a signature packet");
  file(
    "absurd_length",
    armor("PUBLIC KEY BLOCK", Uint8Array.from([0xc6, 0xff, 0xff, 0xff, 0xff, 0xf0, 0x04, 0x69, 0x68, 0xba, 0xa0, 0x16])),
    "MALFORMED_KEY",
    "a public key packet header claiming 4294967280 octets (five-octet length FF FFFFFFF0) followed by 6 octets",
  );
  {
    // A public key packet whose body is a chain of 65536 one-octet partial bodies (length
    // octet 0xE0 = 2^0) that never ends with a definite length.
    const n = 65536;
    const bytes = new Uint8Array(1 + 2 * n);
    bytes[0] = 0xc6;
    for (let i = 0; i < n; i++) {
      bytes[1 + 2 * i] = 0xe0;
      bytes[2 + 2 * i] = i === 0 ? 0x04 : i & 0xff;
    }
    file("partial_length_chain", armor("PUBLIC KEY BLOCK", bytes), "MALFORMED_KEY", "a public key packet made of 65536 one-octet partial body lengths, never terminated (partial lengths are not allowed for key packets)");
  }
  {
    const bytes = ada.slice();
    if (bytes[adaKeyPkt.bodyStart] !== 4) throw new Error("ada's key is not v4");
    bytes[adaKeyPkt.bodyStart] = 99;
    file("key_version_99", armor("PUBLIC KEY BLOCK", bytes), "MALFORMED_KEY", "ada's key packets with the public key packet's version octet set to 99 (correct CRC)");
  }
  {
    // Same packets, but a user id whose bytes are not UTF-8. Its length is unchanged; its
    // self-signature no longer verifies, which does not matter for the UTF-8 check.
    const bytes = ada.slice();
    bytes[adaUid.bodyStart + 4] = 0xff;
    bytes[adaUid.bodyStart + 5] = 0xfe;
    file("invalid_utf8_user_id", armor("PUBLIC KEY BLOCK", bytes), "INVALID_USER_ID", "ada's key with the octets 0xFF 0xFE in place of two user id octets (length kept, correct CRC)");
  }
  {
    const g = xorshift32(7);
    const bytes = Uint8Array.from({ length: 512 }, () => g.next().value & 0xff);
    bytes[0] = 0xc6; // so the first octet at least claims a public key packet
    file("random_packets", armor("PUBLIC KEY BLOCK", bytes), "MALFORMED_KEY", "0xC6 and 511 xorshift32 (seed 7) octets in an armored public key block with a correct CRC");
  }

  // --- generated, not written to disk
  gen(
    "noise_10mb",
    { kind: "noise", bytes: 10485760, seed: 1 },
    "INVALID_ARMOR",
    "10 MiB of printable noise: under the 16 MiB limit, so it is read and has no BEGIN PGP line",
  );
  gen(
    "noise_17mb",
    { kind: "noise", bytes: 17825792, seed: 2 },
    "INPUT_TOO_LARGE",
    "17 MiB of printable noise: over the 16 MiB limit",
  );
  gen(
    "armored_noise_1mb",
    { kind: "armored_noise", chars: 1048576, line_length: 64, seed: 3 },
    "MALFORMED_KEY",
    "1 MiB of base64-alphabet noise in 64-character lines between a public key BEGIN and END line (decodes, no CRC line)",
  );
  return cases;
}

// ---------------------------------------------------------------------------------------
// Write

function main() {
const cases = build();
const names = new Set();
for (const c of cases) {
  if (!/^[a-z0-9_]+$/.test(c.name) || names.has(c.name)) throw new Error(`bad or duplicate name ${c.name}`);
  names.add(c.name);
}
rmSync(casesDir, { recursive: true, force: true });
mkdirSync(casesDir, { recursive: true });
const manifest = cases.map((c) => {
  if (c.generate) return { name: c.name, generate: c.generate, expect: c.expect, what: c.what };
  const path = `cases/${c.name}.txt`;
  writeFileSync(join(here, path), c.content);
  return { name: c.name, file: path, expect: c.expect, what: c.what };
});
writeFileSync(join(here, "cases.json"), JSON.stringify(manifest, null, 2) + "\n");
writeRustTable(manifest);
console.log(`${manifest.length} cases written (${readdirSync(casesDir).length} files in cases/)`);
}

// The same table for the Rust suites (native and wasm, where there is no file system):
// file cases are embedded with include_bytes!, generated ones described by their parameters.
function writeRustTable(manifest) {
  const rows = manifest.map((c) => {
    const g = c.generate;
    const source = !g
      ? `Source::File(include_bytes!("../../../tests/vectors/malformed/${c.file}"))`
      : g.kind === "noise"
        ? `Source::Noise { bytes: ${g.bytes}, seed: ${g.seed} }`
        : `Source::ArmoredNoise { chars: ${g.chars}, line_length: ${g.line_length}, seed: ${g.seed} }`;
    return `    Row { name: ${JSON.stringify(c.name)}, source: ${source}, expect: ${JSON.stringify(c.expect)} },`;
  });
  const rust = `// Generated by tests/vectors/malformed/generate.mjs from cases.json: do not edit.
use super::malformed::{Row, Source};

/// Every malformed-input case: name, input, expected error code.
#[rustfmt::skip]
pub const ROWS: &[Row] = &[
${rows.join("\n")}
];
`;
  writeFileSync(join(here, "../../../crate/tests/common/malformed_rows.rs"), rust);
}

// Generate only when run as a script, not when a JS runner imports generateCase().
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
