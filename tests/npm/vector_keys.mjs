// The Curve25519 and RSA keys and the armored messages of the test vectors, for the tests of
// the X25519 and RSA paths (decrypt_async.test.mjs, node_crypto.test.mjs).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { unlockKey } from "passbolt-core";
import { readJson, readText, vectors } from "./helpers.mjs";

/** Every Curve25519 vector key, unlocked: [label, UnlockedKey]. */
export function curve25519Keys() {
  const keys = [
    ["keys/openpgpjs/curve25519", readText("keys", "openpgpjs", "curve25519.sec.asc"), "passbolt-test-passphrase"],
    ["keys/openpgpjs/curve25519-two-uids-expiring", readText("keys", "openpgpjs", "curve25519-two-uids-expiring.sec.asc"), "passbolt-test-passphrase"],
    ["keys/gnupg/ed25519", readText("keys", "gnupg", "ed25519.sec.asc"), ""],
    ["messages/gnupg/ed25519", readText("messages", "gnupg", "keys", "ed25519.sec.asc"), ""],
    ["messages/openpgpjs/ecc", readText("messages", "openpgpjs", "keys", "ecc.sec.asc"), "ecc test passphrase"],
    ["fixtures/ada", readText("fixtures", "keys", "ada_private.asc"), "ada-fixture-passphrase"],
  ];
  for (const entry of readJson("messages", "gnupg", "keys", "keys.json")) {
    if (entry.name === "ed25519") keys[3][2] = entry.passphrase ?? "";
  }
  return keys.map(([label, armored, passphrase]) => [label, unlockKey(armored, passphrase)]);
}

/** Every RSA vector key, unlocked: [label, UnlockedKey]. */
export function rsaKeys() {
  const keys = [
    ...["rsa2048", "rsa3072", "rsa4096"].map((n) => [`keys/gnupg/${n}`, readText("keys", "gnupg", `${n}.sec.asc`), ""]),
    ...["rsa3072", "rsa4096"].map((n) => [`keys/openpgpjs/${n}`, readText("keys", "openpgpjs", `${n}.sec.asc`), "passbolt-test-passphrase"]),
    ["fixtures/betty", readText("fixtures", "keys", "betty_private.asc"), "betty-fixture-passphrase"],
    ["fixtures/server", readText("fixtures", "keys", "server_private.asc"), ""],
  ];
  for (const producer of ["gnupg", "openpgpjs"]) {
    for (const entry of readJson("messages", producer, "keys", "keys.json")) {
      if (!entry.name.startsWith("rsa")) continue;
      const file = entry.file.replace(/^keys\//, "");
      keys.push([`messages/${producer}/${entry.name}`, readText("messages", producer, "keys", file), entry.passphrase ?? ""]);
    }
  }
  return keys.map(([label, armored, passphrase]) => [label, unlockKey(armored, passphrase)]);
}

/** Every armored message of the vectors: the .asc files and the strings of the fixtures. */
export function armoredMessages() {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".asc")) {
        const text = readText(path.slice(vectors.length + 1));
        if (text.includes("-----BEGIN PGP MESSAGE-----")) out.push([path, text]);
      } else if (entry.name.endsWith(".json")) {
        const strings = [];
        const collect = (v) => {
          if (typeof v === "string" && v.includes("-----BEGIN PGP MESSAGE-----")) strings.push(v);
          else if (v && typeof v === "object") Object.values(v).forEach(collect);
        };
        try { collect(JSON.parse(readText(path.slice(vectors.length + 1)))); } catch { /* not JSON */ }
        strings.forEach((s, i) => out.push([`${path}#${i}`, s]));
      }
    }
  };
  walk(join(vectors, "messages"));
  walk(join(vectors, "fixtures"));
  return out;
}

/** Public keys of the signers among the messages. */
export const verificationKeys = () => [
  readText("fixtures", "keys", "ada_public.asc"),
  readText("fixtures", "keys", "betty_public.asc"),
  readText("messages", "openpgpjs", "keys", "ecc.pub.asc"),
  readText("keys", "gnupg", "ed25519.pub.asc"),
];

/** Wraps the functions `names` of `object` to count their calls; answers the counts. */
export function countCalls(object, names) {
  const calls = Object.fromEntries(names.map((name) => [name, 0]));
  for (const name of names) {
    const original = object[name];
    object[name] = function (...args) {
      calls[name] += 1;
      return original.apply(this, args);
    };
  }
  return calls;
}
