// Starts Debian's Chromium through Debian's chromedriver with the extension loaded, for the
// e2e suite and the demo. Nothing here may download a browser or a driver: both paths are
// given explicitly, which is what keeps selenium-webdriver from running Selenium Manager.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Builder, By, until } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.CHROMIUM_BINARY || '/usr/bin/chromium';
export const CHROMEDRIVER = process.env.CHROMEDRIVER || '/usr/bin/chromedriver';
// E2E_EXTENSION_DIR lets a test load another copy of the shell (same manifest key, same id).
export const EXTENSION_DIR = path.resolve(process.env.E2E_EXTENSION_DIR || path.join(ROOT, 'extension'));
// The manifest's fixed "key" makes the id stable; EXTENSION_ID is computed from it.
export const EXTENSION_ID = (await readFile(path.join(ROOT, 'extension', 'EXTENSION_ID'), 'utf8')).trim();

// If anything still tried Selenium Manager, make it fail instead of downloading.
process.env.SE_MANAGER_PATH ??= '/nonexistent/selenium-manager-is-disabled';
process.env.SE_OFFLINE = 'true';

// Flags for a root user on a closed network (toolchain traps 6 and 7).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
];

export function checkPrerequisites() {
  const problems = [];
  for (const [what, file] of [['Chromium', CHROMIUM], ['chromedriver', CHROMEDRIVER]]) {
    if (!existsSync(file)) problems.push(`${what} not found at ${file} (run: bash scripts/setup.sh)`);
  }
  for (const f of ['passbolt_core.js', 'passbolt_core_bg.wasm']) {
    if (!existsSync(path.join(EXTENSION_DIR, 'pkg', f))) {
      problems.push(`${path.relative(ROOT, EXTENSION_DIR)}/pkg/${f} missing (run: bash scripts/build-pkg.sh && bash scripts/build-extension.sh)`);
    }
  }
  return problems;
}

/**
 * Starts Chromium with the extension. Returns { driver, extensionId, url(page), close() }.
 * headless: true for CI; false opens a window (needs $DISPLAY).
 */
export async function startBrowser({ headless = true, width = 420, height = 900 } = {}) {
  const problems = checkPrerequisites();
  if (problems.length) throw new Error(problems.join('\n'));

  // Each run gets its own profile and its own TMPDIR: Chromium leaves
  // org.chromium.Chromium.* folders in $TMPDIR (trap 6); all of it is deleted by close().
  const scratch = await mkdtemp(path.join(tmpdir(), 'passbolt-e2e-'));
  const profile = path.join(scratch, 'profile');
  const tmp = path.join(scratch, 'tmp');
  await mkdir(profile);
  await mkdir(tmp);

  const options = new chrome.Options();
  options.setChromeBinaryPath(CHROMIUM);
  options.addArguments(
    ...(headless ? ['--headless=new'] : []),
    ...CHROMIUM_ARGS,
    `--user-data-dir=${profile}`,
    `--window-size=${width},${height}`,
    `--load-extension=${EXTENSION_DIR}`,
    `--disable-extensions-except=${EXTENSION_DIR}`,
  );

  const service = new chrome.ServiceBuilder(CHROMEDRIVER)
    .setEnvironment({ ...process.env, TMPDIR: tmp });
  if (process.env.CHROMEDRIVER_LOG) service.loggingTo(process.env.CHROMEDRIVER_LOG).enableVerboseLogging();

  let driver;
  try {
    driver = await new Builder().forBrowser('chrome').setChromeOptions(options).setChromeService(service).build();
  } catch (err) {
    await rm(scratch, { recursive: true, force: true });
    throw err;
  }

  const url = (page) => `chrome-extension://${EXTENSION_ID}/${page}`;
  let closed = false;
  return {
    driver,
    extensionId: EXTENSION_ID,
    url,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await driver.quit();
      } finally {
        await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
      }
    },
  };
}

// ---- popup helpers shared by the suite and the demo ------------------------------------------

/** Opens popup.html in the current tab and waits until the page's module has run. */
export async function openPopup(browser) {
  const { driver, url } = browser;
  await driver.get(url('popup.html'));
  await driver.wait(until.elementLocated(By.css('#armored')), 10_000, 'popup.html did not load: is the extension installed?');
  // The version appears once the service worker (and thus the wasm core) answered.
  await driver.wait(async () => (await driver.findElement(By.css('[data-field="core-version"]')).getText()) !== '',
    20_000, 'the service worker never answered the version message');
}

/** Puts text into #armored (as a paste would: no per-key typing of 3 KB) and clicks #inspect. */
export async function inspectText(driver, text) {
  const textarea = await driver.findElement(By.css('#armored'));
  await driver.executeScript('arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event("input"));', textarea, text);
  await driver.findElement(By.css('#inspect')).click();
  return waitForOutcome(driver);
}

/** Waits for the popup to show a result or an error and returns which ("result" | "error"). */
export async function waitForOutcome(driver) {
  const app = await driver.findElement(By.css('#app'));
  await driver.wait(async () => ['result', 'error'].includes(await app.getAttribute('data-state')),
    15_000, 'neither #result nor #error appeared');
  return app.getAttribute('data-state');
}

/** Reads every [data-field] inside #result (or #error) as text, keyed by field name. */
export async function readFields(driver, container = '#result') {
  return driver.executeScript(`
    const out = {};
    for (const node of document.querySelector(arguments[0]).querySelectorAll('[data-field]')) {
      const key = node.dataset.field;
      const value = node.tagName === 'UL' ? [...node.children].map((li) => li.textContent) : node.textContent.trim();
      if (!(key in out)) out[key] = value;
      else out[key] = [].concat(out[key], [value]);
    }
    return out;`, container);
}

/** Makes the page viewport exactly width x height CSS pixels (headless windows have a 500px minimum). */
export async function setViewport(driver, width, height) {
  await driver.sendDevToolsCommand('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
}

/** Saves a PNG of the whole page, beyond the viewport, using the DevTools protocol. */
export async function savePageScreenshot(driver, file) {
  await mkdir(path.dirname(file), { recursive: true });
  // Capturing beyond the viewport lays the page out without a scrollbar, so clip to the
  // viewport's full width (innerWidth), not to clientWidth.
  const [width, height] = await driver.executeScript(
    'return [window.innerWidth, document.documentElement.scrollHeight]');
  const shot = await driver.sendAndGetDevToolsCommand('Page.captureScreenshot', {
    format: 'png', captureBeyondViewport: true, clip: { x: 0, y: 0, width, height, scale: 1 },
  });
  await writeFile(file, Buffer.from(shot.data, 'base64'));
  return file;
}

export { By, until };
