// Benchmark (not a test): every performance.md row in one headless Chromium page (Debian's
// Chromium through chromedriver), our web build against OpenPGP.js 6.3.2's browser build.
// Usage (after `make pkg`): node tests/bench/chromium.mjs [same options as node.mjs]
import { createServer } from "node:http";
import { readFile, mkdir, writeFile } from "node:fs/promises";
import { join, dirname, normalize, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Builder } from "selenium-webdriver";
import chrome from "selenium-webdriver/chrome.js";
import { CHROMIUM, CHROMEDRIVER, CHROMIUM_ARGS } from "../../webdriver/browser.js";
import { formatTable } from "./suite.mjs";
import { parseArgs } from "./inputs.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = parseArgs(process.argv.slice(2));
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const SERVED = ["pkg/", "node_modules/openpgp/dist/", "tests/bench/", "tests/vectors/fixtures/keys/"];

// A static server for the page, limited to the folders it needs.
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^\/+/, "");
  if (!SERVED.some((prefix) => path.startsWith(prefix))) return res.writeHead(404).end();
  try {
    const body = await readFile(join(repo, path));
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "text/plain" }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;

const options = new chrome.Options().setChromeBinaryPath(CHROMIUM).addArguments("--headless=new", ...CHROMIUM_ARGS);
const driver = await new Builder().forBrowser("chrome").setChromeOptions(options)
  .setChromeService(new chrome.ServiceBuilder(CHROMEDRIVER)).build();
let result;
try {
  if (args.pkg) throw new Error("--pkg is for node.mjs; the page loads pkg/ of this repository");
  const { out, ...suiteOptions } = args;
  await driver.get(`${base}/tests/bench/page.html?options=${encodeURIComponent(JSON.stringify(suiteOptions))}`);
  let seen = 0;
  for (;;) {
    result = await driver.executeScript("return window.__bench && { done: window.__bench.done, rows: window.__bench.rows, error: window.__bench.error, log: window.__bench.log }");
    for (const line of result?.log?.slice(seen) ?? []) console.error(line);
    seen = result?.log?.length ?? 0;
    if (result?.done) break;
    await new Promise((ok) => setTimeout(ok, 500));
  }
  var version = (await driver.getCapabilities()).get("browserVersion");
} finally {
  await driver.quit();
  server.close();
}
if (result.error) {
  console.error(result.error);
  process.exit(1);
}
const runtime = `Chromium ${version} (headless)`;
console.log(formatTable(`${runtime}: ours (passbolt-core) vs OpenPGP.js 6.3.2, ms per operation, medians`, result.rows));
const out = args.out ?? join(repo, "out", "bench-chromium.json");
await mkdir(dirname(out), { recursive: true });
await writeFile(out, JSON.stringify({ runtime, date: new Date().toISOString(), options: args, rows: result.rows }, null, 2) + "\n");
console.error(`wrote ${out}`);
