// passbolt-core/pool in real Chromium: module Web Workers that each unlock their own copy of
// the key give the results of UnlockedKey.decryptMany on the page, for messages made by
// OpenPGP.js. Run: node --test webdriver/   (needs scripts/build-pkg.sh)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { Builder } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';
import { ROOT, CHROMIUM, CHROMEDRIVER, CHROMIUM_ARGS } from './browser.js';

const KEYS = path.join(ROOT, 'tests/vectors/fixtures/keys');
const ada = {
  sec: await readFile(path.join(KEYS, 'ada_private.asc'), 'utf8'),
  pub: await readFile(path.join(KEYS, 'ada_public.asc'), 'utf8'),
  pass: 'ada-fixture-passphrase',
};
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

// Messages for ada made by OpenPGP.js and signed by her, each with its own text.
const texts = Array.from({ length: 30 }, (_, i) => `pool secret ${i} ${'y'.repeat(i)}`);
const publicKey = await openpgp.readKey({ armoredKey: ada.pub });
const signingKey = await openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey: ada.sec }), passphrase: ada.pass });
const items = await Promise.all(texts.map(async (text, i) => ({
  id: `m${i}`,
  message: await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: publicKey, signingKeys: signingKey }),
})));
items.push({ id: 'broken', message: '-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----' });

describe('passbolt-core/pool (Chromium)', { timeout: 120_000 }, () => {
  let server;
  let driver;
  // Runs `body` (an async function's source, given `args`) in the page once it is ready.
  const inPage = (body, args) => driver.executeScript(`return window.ready.then(() => (${body})(arguments[0]))`, args);

  before(async () => {
    server = createServer(async (req, res) => {
      const file = new URL(req.url, 'http://x').pathname;
      const allowed = file.startsWith('/pkg/') || file === '/webdriver/pool.html';
      try {
        if (!allowed || file.includes('..')) throw new Error('not served');
        const body = await readFile(path.join(ROOT, file));
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'text/plain' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    const options = new chrome.Options().setChromeBinaryPath(CHROMIUM).addArguments('--headless=new', ...CHROMIUM_ARGS);
    driver = await new Builder().forBrowser('chrome').setChromeOptions(options)
      .setChromeService(new chrome.ServiceBuilder(CHROMEDRIVER)).build();
    await driver.get(`http://127.0.0.1:${server.address().port}/webdriver/pool.html`);
  });

  after(async () => {
    await driver?.quit();
    server?.close();
  });

  test("two workers give the page's decryptMany results, in order", async () => {
    const outcome = await inPage(`async ({ ada, items }) => {
      const pool = await DecryptPool.start(ada.sec, ada.pass, { workers: 2 });
      const theirs = await pool.decryptMany(items, [ada.pub]);
      await pool.close();
      const key = core.unlockKey(ada.sec, ada.pass);
      const ours = key.decryptMany(items, [ada.pub]);
      key.free();
      const plain = (rs) => JSON.stringify(rs.map((r) => ({ ...r, data: r.data && Array.from(r.data) })));
      return { size: pool.size, same: plain(theirs) === plain(ours), texts: theirs.map((r) => r.text ?? null),
        verified: theirs.map((r) => r.signatures?.[0]?.verified ?? null), last: theirs.at(-1) };
    }`, { ada, items });
    assert.equal(outcome.size, 2);
    assert.equal(outcome.same, true);
    assert.deepEqual(outcome.texts, [...texts, null]);
    assert.deepEqual(outcome.verified, [...texts.map(() => true), null]);
    assert.equal(outcome.last.ok, false);
    assert.equal(outcome.last.error.name, 'PgpError');
  });

  test('a wrong passphrase, a worker script that fails and a closed pool reject with typed errors', async () => {
    const outcome = await inPage(`async ({ ada, items }) => {
      const error = (e) => ({ name: e.name, code: e.code ?? null, message: e.message });
      const wrong = await DecryptPool.start(ada.sec, 'nope', { workers: 2 }).then(() => null, error);
      const missing = await DecryptPool.start(ada.sec, ada.pass, { workers: 1, workerUrl: '/pkg/no-such-worker.js' }).then(() => null, error);
      const pool = await DecryptPool.start(ada.sec, ada.pass, { workers: 1 });
      await pool.close();
      const closed = await pool.decryptMany(items).then(() => null, error);
      const range = await DecryptPool.start(ada.sec, ada.pass, { workers: 0 }).then(() => null, error);
      return { wrong, missing, closed, range };
    }`, { ada, items });
    assert.equal(outcome.wrong.name, 'PgpError');
    assert.equal(outcome.wrong.code, 'WRONG_PASSPHRASE');
    assert.equal(outcome.missing.name, 'PoolError');
    assert.equal(outcome.missing.code, 'POOL_WORKER_FAILED');
    assert.equal(outcome.closed.code, 'POOL_CLOSED');
    assert.equal(outcome.range.name, 'RangeError');
  });
});
