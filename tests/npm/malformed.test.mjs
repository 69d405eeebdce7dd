// Every case of tests/vectors/malformed throws a PgpError with its code from the packed package.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import init, { keyInfo } from "passbolt-core";
import { readJson, vectors } from "./helpers.mjs";
import { generateCase } from "../vectors/malformed/generate.mjs";

await init();
const cases = readJson("malformed", "cases.json");
assert.ok(cases.length >= 30);

for (const c of cases) {
  test(`${c.name} → ${c.expect}`, () => {
    const input = c.generate
      ? generateCase(c.generate)
      : new TextDecoder("utf-8").decode(readFileSync(join(vectors, "malformed", c.file)));
    assert.throws(
      () => keyInfo(input),
      (error) => {
        assert.ok(error instanceof Error, "an Error instance");
        assert.equal(error.name, "PgpError");
        assert.equal(error.code, c.expect);
        assert.ok(error.message.length > 10);
        return true;
      },
    );
  });
}

test("a private key's error message does not quote the key", () => {
  const armored = new TextDecoder().decode(
    readFileSync(join(vectors, "malformed", "cases", "private_packets_truncated_half.txt")),
  );
  const body = armored.split("\n").find((line) => line.length > 40);
  try {
    keyInfo(armored);
    assert.fail("accepted");
  } catch (error) {
    assert.ok(!error.message.includes(body.slice(0, 16)));
    assert.ok(!String(error.stack).includes(body.slice(0, 16)));
  }
});
