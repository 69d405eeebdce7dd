// The decryption pool in a browser: module Web Workers (pool_worker.js), each instantiating
// the wasm module compiled once here and unlocking its own copy of the key.
import { PoolBase } from "./pool_scheduler.js";

async function compile(wasm) {
  if (wasm instanceof WebAssembly.Module) return wasm;
  const response = await fetch(wasm ?? new URL("./passbolt_core_bg.wasm", import.meta.url));
  if (!response.ok) throw new Error(`DecryptPool: fetching the wasm module failed with HTTP ${response.status}`);
  // compileStreaming needs the application/wasm content type; some servers do not send it.
  return WebAssembly.compileStreaming
    ? WebAssembly.compileStreaming(response.clone()).catch(async () => WebAssembly.compile(await response.arrayBuffer()))
    : WebAssembly.compile(await response.arrayBuffer());
}

/** A pool of Web Workers decrypting batches in parallel; see `PoolBase`. */
export class DecryptPool extends PoolBase {
  static parallelism() {
    return globalThis.navigator?.hardwareConcurrency ?? 2;
  }

  static async spawn(count, options) {
    if (typeof Worker !== "function") throw Object.assign(new Error("DecryptPool needs Web Workers, which this context lacks (a service worker has none: use an offscreen document)"), { name: "PoolError", code: "POOL_UNSUPPORTED" });
    const module = await compile(options.wasm);
    const workers = [];
    for (let i = 0; i < count; i++) {
      let worker;
      try {
        worker = new Worker(options.workerUrl ?? new URL("./pool_worker.js", import.meta.url), { type: "module" });
      } catch (error) {
        // A bad URL or a security error: stop the workers already started, then fail.
        for (const started of workers) started.terminate();
        throw error;
      }
      workers.push({
        post: (message) => worker.postMessage(message),
        listen(onReply, onFailure) {
          worker.onmessage = (event) => onReply(event.data);
          worker.onerror = (event) => {
            event.preventDefault();
            onFailure(event.message || "the worker script failed");
          };
          worker.onmessageerror = () => onFailure("a reply could not be read");
        },
        busy() {},
        terminate: () => worker.terminate(),
      });
    }
    return { workers, startFields: { module } };
  }
}
