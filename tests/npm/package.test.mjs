// The packed package as a user receives it: manifest, files, types and entry points.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as core from "passbolt-core";

const require = createRequire(import.meta.url);
const manifestPath = require.resolve("passbolt-core/package.json", { paths: [process.cwd()] }).toString();

test("package.json metadata is filled in", () => {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  for (const field of ["name", "version", "description", "license", "repository", "keywords", "types", "exports"]) {
    assert.ok(manifest[field], `${field} is set`);
  }
  assert.ok(manifest.keywords.includes("passbolt"));
});

test("the TypeScript declarations describe returned objects without any", () => {
  const dts = readFileSync(manifestPath.replace("package.json", "passbolt_core.d.ts"), "utf8");
  for (const name of ["interface KeyInfo", "interface SubkeyInfo", "interface Envelope", "interface ValidationError", "interface PassboltCoreError", "interface KeyRuleViolation", "type KeyRule", "interface DecryptResult", "interface SignatureCheck", "class UnlockedKey", "interface VerifyResult", "interface GeneratedKey", "interface DecryptManyItem"]) {
    assert.ok(dts.includes(name), name);
  }
  assert.match(dts, /export function keyInfo\(armored: string\): KeyInfo;/);
  assert.match(dts, /export function validateUserKey\(armored: string\): KeyRuleViolation\[\];/);
  assert.match(dts, /export function encrypt\(data: string \| Uint8Array, recipients: string\[\]\): string;/);
  assert.match(dts, /export function decryptWithKey\(armored: string, key: UnlockedKey, verificationKeys\?: string\[\] \| null, requireSignature\?: boolean \| null\): DecryptResult;/);
  assert.match(dts, /export function parseEnvelope\(http_status: number, body: string\): Envelope;/);
  const publicLines = dts.split("\n").filter((l) => /^export (function|interface|type)/.test(l) || /^\s+\w+\??: /.test(l));
  const anyLines = publicLines.filter((l) => /\bany\b/.test(l));
  assert.deepEqual(anyLines, []);
});

test("the Node entry offers the browser API, init included", async () => {
  assert.equal(typeof core.default, "function");
  await core.default();
  assert.equal(typeof core.keyInfo, "function");
  assert.equal(core.version(), JSON.parse(readFileSync(manifestPath, "utf8")).version);
});
