// The message handler of one decryption-pool worker, shared by the browser worker
// (pool_worker.js) and the Node one (node/pool_worker.mjs). The worker unlocks its own
// copy of the key from the passphrase-locked armor, so the secret key material is made
// inside this worker's wasm and never crosses a message; `close` frees (zeroizes) it.

/** The `{name, code, message}` of a thrown value, for the pool to rebuild the error. */
function describe(error) {
  return {
    name: typeof error?.name === "string" ? error.name : "Error",
    code: typeof error?.code === "string" ? error.code : undefined,
    message: typeof error?.message === "string" ? error.message : String(error),
  };
}

/**
 * A handler of the pool's messages: `start` {module?, armored, passphrase}, `decrypt`
 * {items, verificationKeys}, `close`. `init(module)` loads the wasm module. A batch is the
 * key's synchronous `decryptMany`: in a worker it blocks nothing else, and in Chromium it
 * measured faster there than `decryptManyAsync` (whose WebCrypto X25519 competes with the
 * other workers for the same cores). Messages are handled one at a time, in the order they
 * came (the pool posts a worker's next chunk before the current one is done).
 */
export function poolHandler(core, init) {
  let key = null;
  let queue = Promise.resolve();
  const handleOne = async (message) => {
    try {
      switch (message?.type) {
        case "start":
          await init(message.module);
          key?.free();
          key = await core.unlockKeyAsync(message.armored, message.passphrase);
          return { type: "started" };
        case "decrypt": {
          if (!key) throw Object.assign(new Error("this pool worker has no key"), { name: "PoolError", code: "POOL_CLOSED" });
          return { type: "done", results: key.decryptMany(message.items, message.verificationKeys) };
        }
        case "close":
          key?.free();
          key = null;
          return { type: "closed" };
        default:
          throw Object.assign(new Error(`unknown pool message ${JSON.stringify(message?.type)}`), { name: "PoolError", code: "POOL_PROTOCOL" });
      }
    } catch (error) {
      return { type: "error", error: describe(error) };
    }
  };
  return (message) => {
    const reply = queue.then(() => handleOne(message));
    queue = reply;
    return reply;
  };
}
