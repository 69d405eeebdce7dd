// Paths and readers shared by the Node tests of the packed package.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const vectors = join(repo, "tests", "vectors");

export const readText = (...parts) => readFileSync(join(vectors, ...parts), "utf8");
export const readJson = (...parts) => JSON.parse(readText(...parts));

/** Every armored key of the test vectors: [label, armored text]. */
export function allKeys() {
  const dirs = [["keys", "gnupg"], ["keys", "openpgpjs"], ["fixtures", "keys"]];
  return dirs.flatMap((dir) =>
    readdirSync(join(vectors, ...dir))
      .filter((f) => f.endsWith(".asc"))
      .map((f) => [`${dir.join("/")}/${f}`, readText(...dir, f)]),
  );
}
