// End-to-end suite: real Chromium (Debian's, through Debian's chromedriver) with the unpacked
// extension loaded; the popup page is opened as a tab and driven like a user would.
// Run: node --test webdriver/   (needs scripts/setup.sh, build-pkg.sh, build-extension.sh)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ROOT, By, inspectText, openPopup, readFields, savePageScreenshot, setViewport, startBrowser, waitForOutcome,
} from './browser.js';

const KEYS = path.join(ROOT, 'tests/vectors/fixtures/keys');
const SHOTS = path.join(ROOT, 'out/screenshots');
const fixtures = JSON.parse(await readFile(path.join(KEYS, 'keys.json'), 'utf8'));
const key = (file) => readFile(path.join(KEYS, file), 'utf8');
const noSpaces = (s) => s.replace(/\s+/g, '');

// The popup's natural size, and a desktop tab for the full-page layout.
const POPUP = [420, 600];
const TAB = [1024, 768];

describe('extension popup (Chromium)', { timeout: 120_000 }, () => {
  let browser;
  let driver;

  before(async () => {
    browser = await startBrowser({ headless: true });
    driver = browser.driver;
    await openPopup(browser);
    await setViewport(driver, ...POPUP);
  });

  after(async () => {
    await browser?.close();
  });

  const shot = (name) => savePageScreenshot(driver, path.join(SHOTS, `${name}.png`));

  test('the extension loads with the fixed id and the core answers', async () => {
    assert.equal(await driver.getCurrentUrl(), `chrome-extension://${browser.extensionId}/popup.html`);
    const text = await driver.findElement(By.css('[data-field="core-version"]')).getText();
    assert.match(text, /^core \S+/);
    await shot('00-empty');
  });

  test('(a) ada: EdDSA public key', async () => {
    assert.equal(await inspectText(driver, await key('ada_public.asc')), 'result');
    assert.equal(await driver.findElement(By.css('#error')).isDisplayed(), false);
    const f = await readFields(driver);
    assert.equal(noSpaces(f.fingerprint), fixtures.ada.fingerprint);
    assert.equal(f.fingerprint, 'A666 D519 FB17 EDA8 44AF 7F1B 09D7 E972 4785 29D7');
    assert.equal(f.key_id, '478529D7');
    assert.equal(f.type, 'EdDSA');
    assert.equal(f.bits, '256');
    assert.equal(f.uid, 'Ada Fixture <ada@fixture.test>');
    assert.deepEqual(f.user_ids, ['Ada Fixture <ada@fixture.test>']);
    assert.equal(f.kind, 'Public key');
    assert.equal(f.expires, 'never');
    assert.equal(f.key_created, '2026-01-15 10:00 UTC'); // gpg --show-keys: 1768471200
    assert.equal(f.validity, 'Valid');
    assert.equal(f.version, 'v4');
    assert.equal(f['subkey-key_id'], '43EDCB3D'); // last 8 hex digits of 7B5F…CB3D
    assert.equal(f['subkey-capabilities'], 'Encrypt');
    await shot('01-ada-popup');
  });

  test('(b) betty: RSA 3072 public key, also in a full tab', async () => {
    assert.equal(await inspectText(driver, await key('betty_public.asc')), 'result');
    const f = await readFields(driver);
    assert.equal(noSpaces(f.fingerprint), fixtures.betty.fingerprint);
    assert.equal(f.key_id, '2EDCCF46');
    assert.equal(f.type, 'RSA');
    assert.equal(f.bits, '3072');
    assert.equal(f.uid, 'Betty Fixture <betty@fixture.test>');
    assert.equal(f.kind, 'Public key');
    assert.equal(f['subkey-key_id'], 'A790C037');
    assert.equal(f['subkey-bits'], '3072');
    await shot('02-betty-popup');
    await setViewport(driver, ...TAB);
    await shot('03-betty-tab');
    await setViewport(driver, ...POPUP);
  });

  test('(c) text that is not a key shows an error with its code', async () => {
    assert.equal(await inspectText(driver, 'hello, not a key'), 'error');
    assert.equal(await driver.findElement(By.css('#result')).isDisplayed(), false);
    const e = await readFields(driver, '#error');
    assert.equal(e['error-code'], 'INVALID_ARMOR');
    assert.equal(e['error-title'], 'This is not an OpenPGP key');
    assert.ok(e['error-message'].length > 5, `unhelpful message: ${e['error-message']}`);
    const text = await driver.findElement(By.css('#error')).getText();
    assert.match(text, /INVALID_ARMOR/);
    await shot('04-error-garbage');
  });

  test('(d) an armored PGP MESSAGE is refused as not a key', async () => {
    const vectors = JSON.parse(await readFile(path.join(ROOT, 'tests/vectors/fixtures/crypto/resources_v5.json'), 'utf8'));
    const message = vectors.shared.metadata_armored;
    assert.match(message, /^-----BEGIN PGP MESSAGE-----/);
    assert.equal(await inspectText(driver, message), 'error');
    const e = await readFields(driver, '#error');
    assert.equal(e['error-code'], 'NOT_A_KEY');
    assert.equal(e['error-title'], 'This is not an OpenPGP key');
    await shot('05-error-message');
  });

  test('empty input and two keys at once are explained', async () => {
    assert.equal(await inspectText(driver, '   '), 'error');
    assert.equal((await readFields(driver, '#error'))['error-code'], 'EMPTY_INPUT');
    const both = `${await key('ada_public.asc')}\n${await key('betty_public.asc')}`;
    assert.equal(await inspectText(driver, both), 'error');
    assert.equal((await readFields(driver, '#error'))['error-code'], 'MULTIPLE_KEYS');
  });

  test('a private key is labelled as such', async () => {
    assert.equal(await inspectText(driver, await key('ada_private.asc')), 'result');
    const f = await readFields(driver);
    assert.equal(noSpaces(f.fingerprint), fixtures.ada.fingerprint);
    assert.equal(f.kind, 'Private key');
  });

  test('(e) a key picked through the file input is shown', async () => {
    await driver.executeScript('document.querySelector("#armored").value = ""');
    // The input is visually hidden behind its label; chromedriver still accepts a path.
    await driver.findElement(By.css('#file')).sendKeys(path.join(KEYS, 'betty_public.asc'));
    assert.equal(await waitForOutcome(driver), 'result');
    const f = await readFields(driver);
    assert.equal(noSpaces(f.fingerprint), fixtures.betty.fingerprint);
    assert.equal(await driver.findElement(By.css('#file-name')).getText(), 'betty_public.asc');
    assert.match(await driver.findElement(By.css('#armored')).getAttribute('value'), /BEGIN PGP PUBLIC KEY BLOCK/);
    await shot('06-file-picked');
  });

  test('(f) a stopped service worker restarts and re-initialises the core', async () => {
    const ask = () => driver.executeAsyncScript(
      'const done = arguments[arguments.length - 1]; chrome.runtime.sendMessage({type: "version"}).then(done, (e) => done({error: String(e)}));');
    const before = await ask();
    assert.equal(before.ok, true, JSON.stringify(before));
    // Chromium stops idle workers after 30 s; the DevTools protocol does it at once.
    await driver.sendDevToolsCommand('ServiceWorker.enable');
    await driver.sendDevToolsCommand('ServiceWorker.stopAllWorkers');
    assert.equal(await inspectText(driver, await key('ada_public.asc')), 'result');
    assert.equal(noSpaces((await readFields(driver)).fingerprint), fixtures.ada.fingerprint);
    const afterRestart = await ask();
    assert.equal(afterRestart.ok, true);
    assert.notEqual(afterRestart.instance, before.instance, 'the worker was not restarted');
  });
});
