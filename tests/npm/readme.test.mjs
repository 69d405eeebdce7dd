// Runs every ```js example of README.md as written and compares its output with the
// ```text block that follows it.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repo } from "./helpers.mjs";
import { startServer } from "./server.mjs";

const readme = readFileSync(join(repo, "README.md"), "utf8");
const examples = [...readme.matchAll(/```js\n([\s\S]*?)```\s*```text\n([\s\S]*?)```/g)];

test("the README has runnable examples", () => assert.ok(examples.length >= 3));

// Inside tests/npm so that `passbolt-core` resolves to the installed package.
const scratch = mkdtempSync(join(repo, "tests", "npm", "readme-"));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

examples.forEach(([, code, expected], i) => {
  test(`README example ${i + 1} prints what the README says`, async () => {
    const file = join(scratch, `example-${i + 1}.mjs`);
    writeFileSync(file, code);
    // The client example talks to a fresh test server and reads the seeded users' keys.
    const client = code.includes("PASSBOLT_URL");
    const server = client ? await startServer() : null;
    try {
      const cwd = client
        ? join(repo, "tests", "server", "seed", "keys")
        : join(repo, "tests", "vectors", "fixtures", "keys");
      const env = client ? { ...process.env, PASSBOLT_URL: server.url } : process.env;
      const output = execFileSync(process.execPath, [file], { cwd, env, encoding: "utf8" });
      assert.equal(output, expected);
    } finally {
      await server?.stop();
    }
  });
});
