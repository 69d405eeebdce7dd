// Demo: loads the extension into Chromium, pastes a key into its popup and prints what the
// popup shows, then saves out/demo.png. Usage: node webdriver/demo.js [path/to/key.asc]
// Headless unless $DISPLAY is set (then a window opens and stays until Enter is pressed).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { EXTENSION_DIR, ROOT, inspectText, openPopup, savePageScreenshot, setViewport, startBrowser } from './browser.js';

const keyFile = path.resolve(process.argv[2] ?? path.join(ROOT, 'tests/vectors/fixtures/keys/ada_public.asc'));
const headless = !process.env.DISPLAY;
const screenshot = path.join(ROOT, 'out/demo.png');

// What the popup shows, read back from the page as label/value text.
const READ_POPUP = `
  // innerText keeps the visual line breaks (chips, list items); the fingerprint's two halves
  // are flex items, so read that one as plain text.
  const text = (n) => n.querySelector('.fingerprint')
    ? n.textContent.trim()
    : n.innerText.replace(/\\s*\\n\\s*/g, ' | ').trim();
  const result = document.querySelector('#result');
  if (result.hidden) {
    const error = document.querySelector('#error');
    return { error: ['error-title', 'error-message', 'error-code'].map((f) => error.querySelector('[data-field="' + f + '"]').textContent) };
  }
  const rows = [...result.querySelectorAll('.fields dt')].map((dt) => [dt.textContent, text(dt.nextElementSibling)]);
  const badges = [...result.querySelectorAll('.result-head .badge')].map((b) => b.textContent);
  const subkeys = [...result.querySelectorAll('#subkeys tbody tr')].map((tr) => [...tr.cells].map(text));
  return { uid: result.querySelector('[data-field="uid"]').textContent, badges, rows, subkeys };`;

function print(shown) {
  if (shown.error) {
    const [title, message, code] = shown.error;
    console.log(`  ✗ ${title}: ${message} (${code})`);
    return;
  }
  console.log(`  ${shown.uid}   [${shown.badges.join('] [')}]`);
  for (const [label, value] of shown.rows) console.log(`  ${label.padEnd(14)} ${value}`);
  console.log(`  Subkeys (${shown.subkeys.length})`);
  for (const cells of shown.subkeys) console.log(`    - ${cells.join('  ·  ')}`);
}

let armored;
try {
  armored = await readFile(keyFile, 'utf8');
} catch (err) {
  console.error(`demo: cannot read ${keyFile}: ${err.message}`);
  process.exit(1);
}
let browser;
try {
  browser = await startBrowser({ headless });
} catch (err) {
  console.error(`demo: could not start Chromium with the extension:\n${err.message}`);
  process.exit(1);
}
let exitCode = 0;
try {
  const { driver } = browser;
  await openPopup(browser);
  if (headless) await setViewport(driver, 420, 600); // the size of the toolbar popup
  const version = await driver.executeScript('return document.querySelector("[data-field=core-version]").textContent');
  const chromium = (await driver.getCapabilities()).getBrowserVersion();

  console.log(`Chromium ${chromium} (${headless ? 'headless' : 'window'}), extension ${browser.extensionId}, passbolt-${version}`);
  console.log(`Popup after pasting ${path.relative(process.cwd(), keyFile) || keyFile}:\n`);
  const outcome = await inspectText(driver, armored);
  print(await driver.executeScript(READ_POPUP));
  if (outcome !== 'result') exitCode = 1;

  await savePageScreenshot(driver, screenshot);
  console.log(`\nScreenshot: ${path.relative(process.cwd(), screenshot)}`);
  console.log(`
To use the extension in your own browser (after scripts/build-extension.sh):
  Chrome/Chromium: chrome://extensions -> Developer mode -> Load unpacked -> select ${EXTENSION_DIR}
  Firefox:         about:debugging -> This Firefox -> Load Temporary Add-on... -> ${path.join(EXTENSION_DIR, 'manifest.json')}
Then click the extension's toolbar button (or open chrome-extension://${browser.extensionId}/popup.html in Chromium).`);

  if (!headless && process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    await rl.question('\nThe browser window stays open: press Enter to close it. ');
    rl.close();
  }
} finally {
  await browser.close();
}
process.exit(exitCode);
