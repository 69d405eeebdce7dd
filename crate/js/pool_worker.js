// A decryption-pool worker in a browser (a module Web Worker started by pool.js).
import init, * as core from "./passbolt_core.js";
import { poolHandler } from "./pool_handler.js";

const handle = poolHandler(core, (module) => init(module ? { module_or_path: module } : undefined));
self.onmessage = async (event) => self.postMessage(await handle(event.data));
