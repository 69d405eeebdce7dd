// The decryption pool's scheduling, for any runtime: a list of items split into chunks that
// the workers take in turn, results put back in order. The runtime entries (pool.js for
// browsers, node/pool.mjs for Node) give it their `spawn`.

const poolError = (code, message) => Object.assign(new Error(message), { name: "PoolError", code });

/** The error a worker described, rebuilt with its name and code. */
function rebuild({ name, code, message }) {
  const error = name === "TypeError" ? new TypeError(message) : new Error(message);
  if (name !== "TypeError") error.name = name;
  if (code !== undefined) error.code = code;
  return error;
}

/**
 * One worker. Requests are posted at once, so a worker can hold the next chunk while it
 * decrypts the current one (it handles its messages one at a time, in order); replies come
 * back in the order of the requests.
 */
class Lane {
  #worker;
  #waiting = [];
  failure = null;

  constructor(worker) {
    this.#worker = worker;
    worker.listen(
      (reply) => {
        const waiting = this.#waiting.shift();
        if (!waiting) return;
        if (this.#waiting.length === 0) this.#worker.busy(false);
        if (reply?.type === "error") waiting.reject(rebuild(reply.error));
        else waiting.resolve(reply);
      },
      (reason) => {
        this.failure = poolError("POOL_WORKER_FAILED", `a pool worker stopped: ${reason}`);
        for (const waiting of this.#waiting.splice(0)) waiting.reject(this.failure);
        this.#worker.busy(false);
      },
    );
  }

  request(message) {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      if (this.#waiting.length === 1) this.#worker.busy(true);
      this.#worker.post(message);
    });
  }

  /** Stops the worker; a request still waiting rejects with `POOL_CLOSED`. */
  terminate() {
    this.#worker.terminate();
    const closed = poolError("POOL_CLOSED", "this DecryptPool was closed while the batch ran");
    for (const waiting of this.#waiting.splice(0)) waiting.reject(closed);
  }
}

/**
 * A pool of workers, each with its own unlocked copy of one private key, that decrypts
 * batches in parallel. Made by `DecryptPool.start` of a runtime entry.
 */
export class PoolBase {
  #lanes;
  #state = "open";

  /** Not for users: `DecryptPool.start` makes pools. */
  constructor(lanes, token) {
    if (token !== PoolBase.#token) throw new TypeError("use DecryptPool.start() to make a pool");
    this.#lanes = lanes;
  }

  static #token = Symbol("pool");

  /**
   * Starts `options.workers` workers (default: the runtime's parallelism, at most 8) and
   * unlocks `armoredPrivateKey` with `passphrase` in each. Rejects as `unlockKey` throws
   * (a wrong passphrase is a `PgpError` with code `WRONG_PASSPHRASE`).
   */
  static async start(armoredPrivateKey, passphrase, options = {}) {
    if (typeof armoredPrivateKey !== "string") throw new TypeError("armoredPrivateKey: expected a string");
    if (typeof passphrase !== "string") throw new TypeError("passphrase: expected a string");
    const count = options?.workers ?? Math.min(8, Math.max(1, this.parallelism()));
    if (!Number.isInteger(count) || count < 1 || count > 64) {
      throw new RangeError(`workers: expected an integer from 1 to 64, got ${count}`);
    }
    const { workers, startFields } = await this.spawn(count, options ?? {});
    // A worker that stops (now or later) fails the pool: its key copy is gone with it.
    const lanes = workers.map((worker) => new Lane(worker));
    try {
      await Promise.all(lanes.map((lane) => lane.request({ type: "start", ...startFields, armored: armoredPrivateKey, passphrase })));
    } catch (error) {
      for (const lane of lanes) lane.terminate();
      throw error;
    }
    return new this(lanes, PoolBase.#token);
  }

  /** How many workers this pool runs. */
  get size() {
    return this.#lanes.length;
  }

  /**
   * As `UnlockedKey.decryptMany`, the items spread over the workers: resolves to one result
   * per item, in order; one bad item never fails the batch. Rejects with a `TypeError` for a
   * malformed list or item, and with a `PoolError` (`POOL_CLOSED`, `POOL_WORKER_FAILED`)
   * when the pool cannot work.
   */
  async decryptMany(items, verificationKeys) {
    this.#check();
    if (!Array.isArray(items)) throw new TypeError("items: expected an array of {id, message, session_key?}");
    if (verificationKeys !== undefined && verificationKeys !== null && !Array.isArray(verificationKeys)) {
      throw new TypeError("verificationKeys: expected an array of armored public keys");
    }
    const results = new Array(items.length);
    // About eight chunks per worker, of an even size (a worker's wasm does the X25519s of a
    // chunk two at a time, so an odd chunk leaves one X25519 alone), and two chunks in flight
    // per worker: while the page takes one chunk's results, the worker decrypts the next
    // (in Chromium this measured about 10% faster than one chunk at a time).
    const chunk = 2 * Math.max(1, Math.ceil(items.length / (this.#lanes.length * 16)));
    let next = 0;
    const drain = async (lane) => {
      while (next < items.length) {
        this.#check();
        const from = next;
        next = Math.min(items.length, from + chunk);
        try {
          const reply = await lane.request({ type: "decrypt", items: items.slice(from, next), verificationKeys: verificationKeys ?? undefined });
          for (let i = 0; i < reply.results.length; i++) results[from + i] = reply.results[i];
        } catch (error) {
          next = items.length; // the other workers stop taking chunks
          throw error;
        }
      }
    };
    await Promise.all(this.#lanes.flatMap((lane) => [drain(lane), drain(lane)]));
    return results;
  }

  /** Frees (zeroizes) the key in every worker, then stops them. A batch still running rejects with `POOL_CLOSED`. */
  async close() {
    if (this.#state === "closed") return;
    this.#state = "closed";
    await Promise.allSettled(this.#lanes.map((lane) => lane.request({ type: "close" })));
    for (const lane of this.#lanes) lane.terminate();
  }

  #check() {
    if (this.#state === "closed") throw poolError("POOL_CLOSED", "this DecryptPool is closed");
    const failure = this.#lanes.find((lane) => lane.failure)?.failure;
    if (failure) throw failure;
  }
}
