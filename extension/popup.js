// Popup UI: reads an armored key (paste or file), asks the service worker for its details and
// renders them. No wasm here: the service worker owns the core. Values come from untrusted
// input (user ids above all), so everything is written with textContent, never innerHTML.

const $ = (selector) => document.querySelector(selector);
const app = $('#app');
const form = $('#key-form');
const armored = $('#armored');
const fileInput = $('#file');
const fileName = $('#file-name');
const inspectButton = $('#inspect');
const resultBox = $('#result');
const errorBox = $('#error');

// The core refuses keys over 16 MiB (pgp::MAX_KEY_ARMOR_BYTES); do not even read bigger files.
const MAX_FILE_BYTES = 16 * 1024 * 1024;

// Headlines per stable error code from the core (PgpError.code) or from this shell.
const ERROR_TITLES = {
  EMPTY_INPUT: 'Nothing to inspect',
  INVALID_ARMOR: 'This is not an OpenPGP key',
  NOT_A_KEY: 'This is not an OpenPGP key',
  MULTIPLE_KEYS: 'More than one key',
  MALFORMED_KEY: 'This key is damaged',
  ARMOR_CHECKSUM: 'This key is damaged',
  INVALID_USER_ID: 'This key has an invalid user id',
  INPUT_TOO_LARGE: 'This input is too large',
  CORE_CRASHED: 'The OpenPGP core crashed',
  FILE_TOO_LARGE: 'This file is too large',
  FILE_UNREADABLE: 'This file cannot be read',
  NO_SERVICE_WORKER: 'The extension background is not available',
  WASM_INIT_FAILED: 'The OpenPGP core failed to load',
};

const CAPABILITY_LABELS = { certify: 'Certify', sign: 'Sign', encrypt: 'Encrypt', authenticate: 'Authenticate' };

async function send(message) {
  try {
    const response = await chrome.runtime.sendMessage(message);
    if (response) return response;
    throw new Error('no response from the service worker');
  } catch (err) {
    return { ok: false, error: { name: 'RequestError', code: 'NO_SERVICE_WORKER', message: err.message } };
  }
}

// ---- small DOM helpers ----------------------------------------------------------------
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'field') node.dataset.field = value;
    else if (key === 'className') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// "A666D519…29D7" -> two halves of blocks of four, like gpg prints it; each half is kept on
// one line so a narrow popup wraps between halves, never inside a block.
function fingerprintNode(fingerprint) {
  const blocks = fingerprint.toUpperCase().match(/.{1,4}/g) ?? [];
  const half = Math.ceil(blocks.length / 2);
  return el('code', { field: 'fingerprint', className: 'fingerprint', title: fingerprint },
    el('span', { className: 'nowrap' }, blocks.slice(0, half).join(' ')),
    ' ',
    el('span', { className: 'nowrap' }, blocks.slice(half).join(' ')));
}

function pad(n) {
  return String(n).padStart(2, '0');
}

// ISO date-time -> "2025-01-31 14:05 UTC" (or date only); unparsable strings are shown as is.
function formatDate(value, { withTime = true } = {}) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return withTime ? `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC` : day;
}

function dateNode(value, field, options) {
  if (value === null || value === undefined || value === '') {
    return el('span', { field, className: 'muted' }, 'never');
  }
  return el('time', { field, datetime: value, title: value }, formatDate(value, options));
}

function capabilityChips(capabilities, field) {
  return el('span', { field, className: 'chips' },
    (capabilities ?? []).map((cap) => el('span', { className: `chip cap-${cap}`, 'data-capability': cap }, CAPABILITY_LABELS[cap] ?? cap)));
}

function badge(text, kind, field) {
  return el('span', { className: `badge badge-${kind}`, field }, text);
}

function typeLine(type, bits, curve, prefix = '') {
  return [
    el('span', { field: `${prefix}type` }, type),
    ' · ',
    el('span', { field: `${prefix}bits` }, bits),
    ' bits',
    curve ? [' · ', el('span', { field: `${prefix}curve` }, curve)] : null,
  ];
}

// ---- rendering ----------------------------------------------------------------------------
function renderKey(info) {
  const badges = el('div', { className: 'badges' },
    info.is_private ? badge('Private key', 'private', 'kind') : badge('Public key', 'public', 'kind'),
    info.is_expired ? badge('Expired', 'danger', 'expired') : null,
    info.is_revoked ? badge('Revoked', 'danger', 'revoked') : null,
    !info.is_expired && !info.is_revoked ? badge('Valid', 'ok', 'validity') : null);

  const row = (label, ...value) => [el('dt', {}, label), el('dd', {}, ...value)];
  const fields = el('dl', { className: 'fields' },
    row('Fingerprint', fingerprintNode(info.fingerprint)),
    row('Key ID', el('code', { field: 'key_id' }, info.key_id)),
    row('Type', typeLine(info.type, info.bits, info.curve)),
    row('Algorithm', el('span', { field: 'algorithm' }, info.algorithm)),
    row('Usage', capabilityChips(info.capabilities, 'capabilities')),
    row('Created', dateNode(info.key_created, 'key_created')),
    row('Expires', dateNode(info.expires, 'expires')),
    row('Version', el('span', { field: 'version' }, `v${info.version}`)),
    row(info.user_ids.length === 1 ? 'User ID' : `User IDs (${info.user_ids.length})`,
      el('ul', { field: 'user_ids', className: 'user-ids' }, info.user_ids.map((uid) => el('li', {}, uid)))));

  const subkeys = info.subkeys ?? [];
  const subkeySection = el('section', { className: 'subkeys', 'aria-labelledby': 'subkeys-title' },
    el('h3', { id: 'subkeys-title' }, subkeys.length ? `Subkeys (${subkeys.length})` : 'No subkeys'),
    subkeys.length ? el('div', { className: 'table-wrap' },
      el('table', { id: 'subkeys' },
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col' }, 'Key ID / type'),
          el('th', { scope: 'col' }, 'Usage'),
          el('th', { scope: 'col' }, 'Validity'))),
        el('tbody', {}, subkeys.map((sub) => el('tr', { 'data-fingerprint': sub.fingerprint },
          el('td', {},
            el('code', { field: 'subkey-key_id', title: sub.fingerprint }, sub.key_id),
            el('div', { className: 'sub-type' }, typeLine(sub.type, sub.bits, sub.curve, 'subkey-')),
            sub.is_expired ? badge('Expired', 'danger', 'subkey-expired') : null,
            sub.is_revoked ? badge('Revoked', 'danger', 'subkey-revoked') : null),
          el('td', {}, capabilityChips(sub.capabilities, 'subkey-capabilities')),
          // Created and expiry share a column so the table fits a 400px popup.
          el('td', { className: 'dates' },
            el('div', {}, el('span', { className: 'date-label' }, 'Created'), ' ', dateNode(sub.created, 'subkey-created', { withTime: false })),
            el('div', {}, el('span', { className: 'date-label' }, 'Expires'), ' ', dateNode(sub.expires, 'subkey-expires', { withTime: false })))))))) : null);

  resultBox.replaceChildren(
    el('div', { className: 'result-head' },
      el('h2', { id: 'result-uid', field: 'uid' }, info.uid || '(no user id)'),
      badges),
    fields,
    subkeySection);
}

function showError(error) {
  const title = ERROR_TITLES[error.code] ?? 'Something went wrong';
  let message = String(error.message ?? '').trim();
  // The core's messages often open with the same words as the title; say them once.
  if (message.toLowerCase().startsWith(title.toLowerCase())) message = message.slice(title.length).replace(/^[\s:;,.-]+/, '');
  errorBox.querySelector('[data-field="error-title"]').textContent = title;
  errorBox.querySelector('[data-field="error-message"]').textContent = sentence(message);
  errorBox.querySelector('[data-field="error-code"]').textContent = error.code;
  resultBox.hidden = true;
  errorBox.hidden = false;
  app.dataset.state = 'error';
}

function sentence(text) {
  const s = String(text ?? '').trim();
  return s ? s[0].toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.') : '';
}

function showResult(info) {
  renderKey(info);
  errorBox.hidden = true;
  resultBox.hidden = false;
  app.dataset.state = 'result';
}

async function inspect() {
  app.dataset.state = 'busy';
  resultBox.hidden = true;
  errorBox.hidden = true;
  inspectButton.disabled = true;
  inspectButton.setAttribute('aria-busy', 'true');
  try {
    const response = await send({ type: 'keyInfo', armored: armored.value });
    if (response.ok) showResult(response.info);
    else showError(response.error);
  } finally {
    inspectButton.disabled = false;
    inspectButton.removeAttribute('aria-busy');
  }
}

// ---- events -------------------------------------------------------------------------------
form.addEventListener('submit', (event) => {
  event.preventDefault();
  inspect();
});

// Ctrl/Cmd+Enter in the textarea inspects, as the button would.
armored.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit();
});

fileInput.addEventListener('change', async () => {
  const file = fileInput.files?.[0];
  fileInput.value = ''; // picking the same file again must fire "change" again
  if (!file) return;
  fileName.textContent = file.name;
  fileName.title = file.name;
  if (file.size > MAX_FILE_BYTES) {
    showError({ code: 'FILE_TOO_LARGE', message: `${file.name} is ${file.size} bytes; a key file is at most 16 MiB` });
    return;
  }
  try {
    armored.value = await file.text();
  } catch (err) {
    showError({ code: 'FILE_UNREADABLE', message: err.message });
    return;
  }
  inspect();
});

send({ type: 'version' }).then((response) => {
  if (response.ok) $('[data-field="core-version"]').textContent = `core ${response.version}`;
});
