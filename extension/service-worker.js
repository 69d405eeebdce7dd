// Background of the extension: the only place the wasm core runs. The popup and other
// extension pages talk to it through chrome.runtime messages.
//
// A module service worker cannot use top-level await (toolchain trap 5), so init() starts
// here and every handler awaits the same promise. The listener itself is registered
// synchronously, as Chromium requires for a worker that is woken up by a message.
import init, { keyInfo, version } from './pkg/passbolt_core.js';

const ready = init();
// Keep the rejection for the handlers but do not report it as unhandled at load time.
ready.catch(() => {});

// Changes each time the worker starts: lets the e2e suite see that a stopped worker came back.
const instance = crypto.randomUUID();

const handlers = {
  // Size limits and every other rule about keys live in the core (PgpError INPUT_TOO_LARGE).
  async keyInfo({ armored }) {
    if (typeof armored !== 'string') {
      throw Object.assign(new Error('armored must be a string'), { name: 'RequestError', code: 'BAD_REQUEST' });
    }
    return { info: keyInfo(armored) };
  },
  async version() {
    return { version: version(), instance };
  },
};

// A Rust panic traps the instance (WebAssembly.RuntimeError) and leaves it unusable; the
// module cannot be instantiated twice in one worker, so later calls get the same answer
// until the worker is restarted (Chromium stops it when idle, or reload the extension).
let crash = null;

// Errors cross the message boundary as plain data; never the input (it may be a private key).
function toErrorData(err) {
  if (err instanceof WebAssembly.RuntimeError) {
    crash ??= {
      name: 'InternalError',
      code: 'CORE_CRASHED',
      message: `the OpenPGP core stopped on an internal error (${err.message}); reload the extension to recover`,
    };
    return crash;
  }
  return {
    name: err?.name ?? 'Error',
    code: err?.code ?? 'INTERNAL',
    message: err?.message ?? String(err),
  };
}

async function handle(message) {
  const handler = Object.hasOwn(handlers, message?.type) ? handlers[message.type] : null;
  if (!handler) {
    return { ok: false, error: { name: 'RequestError', code: 'UNKNOWN_MESSAGE', message: `unknown message type: ${message?.type}` } };
  }
  try {
    await ready;
  } catch (err) {
    return { ok: false, error: { ...toErrorData(err), code: 'WASM_INIT_FAILED' } };
  }
  if (crash) return { ok: false, error: crash };
  try {
    return { ok: true, ...(await handler(message)) };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // onMessage only carries this extension's own messages (others arrive on
  // onMessageExternal, which is not listened to); the check states that intent.
  if (sender.id !== chrome.runtime.id) return false;
  handle(message).then(sendResponse);
  return true; // keep the channel open for the asynchronous sendResponse
});
