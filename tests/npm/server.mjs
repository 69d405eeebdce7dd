// Starts the test server (tests/server, built by scripts/test-npm.sh) on a free port and
// reads the seeded users; and a hostile proxy in front of it that tampers with chosen answers.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { repo } from "./helpers.mjs";

const seedDir = join(repo, "tests", "server", "seed");
const keys = JSON.parse(readFileSync(join(seedDir, "keys.json"), "utf8"));

/** A seeded person: `{ user_id, fingerprint, passphrase, privateKey, publicKey, totp_secret }`. */
export function person(name) {
  const p = keys[name];
  return {
    ...p,
    privateKey: readFileSync(join(seedDir, p.private), "utf8"),
    publicKey: readFileSync(join(seedDir, p.public), "utf8"),
  };
}

const binary = () => {
  const bin = process.env.PASSBOLT_TEST_SERVER_BIN ??
    join(process.env.CARGO_TARGET_DIR ?? join(repo, "target"), "debug", "passbolt-test-server");
  if (!existsSync(bin)) throw new Error(`${bin} is missing: cargo build -p passbolt-test-server`);
  return bin;
};

/** Starts a fresh server; `baseUrl` overrides the URL it believes it has (behind a proxy). */
export async function startServer({ baseUrl } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "pb-server-"));
  const portFile = join(dir, "port");
  const args = ["--port", "0", "--port-file", portFile, "--seed", join(seedDir, "seed.json")];
  if (baseUrl) args.push("--base-url", baseUrl);
  const child = spawn(binary(), args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  for (let i = 0; i < 200 && !existsSync(portFile); i++) {
    if (child.exitCode !== null) throw new Error(`test server exited: ${stderr}`);
    await sleep(50);
  }
  let port = "";
  for (let i = 0; i < 20 && !port; i++) {
    port = readFileSync(portFile, "utf8").trim();
    if (!port) await sleep(50);
  }
  if (!port) throw new Error(`test server wrote no port: ${stderr}`);
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((done) => (child.exitCode !== null ? done() : child.once("exit", done)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A proxy on a free port in front of `upstream` (set later with `proxy.upstream = url`).
 * `proxy.tamper = async ({ method, path, status, headers, body }) => answer` may return a
 * changed answer, `{ hang: true }` (never answer), or nothing (pass it on unchanged).
 */
export async function startProxy() {
  const sockets = new Set();
  const proxy = { upstream: null, tamper: null, requests: [] };
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const headers = { ...req.headers };
    delete headers.host;
    delete headers["content-length"];
    const path = req.url;
    proxy.requests.push(`${req.method} ${path.split("?")[0]}`);
    const upstream = await fetch(proxy.upstream + path, {
      method: req.method,
      headers,
      body: ["GET", "HEAD"].includes(req.method) ? undefined : body,
      redirect: "manual",
    });
    let answer = {
      method: req.method,
      path: path.split("?")[0],
      status: upstream.status,
      headers: [...upstream.headers].filter(([k]) => k !== "set-cookie" && k !== "content-length" && k !== "content-encoding" && k !== "transfer-encoding"),
      cookies: upstream.headers.getSetCookie(),
      body: await upstream.text(),
    };
    if (proxy.tamper) answer = (await proxy.tamper(answer)) ?? answer;
    if (answer.hang) return; // never answers; the socket is closed when the proxy stops
    res.statusCode = answer.status;
    for (const [k, v] of answer.headers) res.setHeader(k, v);
    if (answer.cookies.length) res.setHeader("set-cookie", answer.cookies);
    res.end(answer.body);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  proxy.url = `http://127.0.0.1:${server.address().port}`;
  proxy.stop = async () => {
    for (const s of sockets) s.destroy();
    await new Promise((done) => server.close(done));
  };
  return proxy;
}
