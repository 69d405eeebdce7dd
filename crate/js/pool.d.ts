// Types of "passbolt-core/pool": the decryption pool (Web Workers in a browser,
// worker_threads in Node).
import type { DecryptManyItem, DecryptManyResult } from "./passbolt_core.js";

/** Options of `DecryptPool.start`. */
export interface DecryptPoolOptions {
  /** How many workers (1-64); default: the runtime's parallelism, at most 8. */
  workers?: number;
  /** Browser only: the wasm module, or where to fetch it (default: next to pool.js). */
  wasm?: WebAssembly.Module | URL | string;
  /** Browser only: the worker script (default: pool_worker.js next to pool.js). */
  workerUrl?: URL | string;
}

/**
 * Workers that each unlock their own copy of one private key (from its passphrase-locked
 * armor, so the secret key never crosses a message) and decrypt batches in parallel.
 */
export class DecryptPool {
  private constructor();
  /**
   * Starts the workers and unlocks the key in each. Rejects as `unlockKey` throws (a wrong
   * passphrase: `PgpError` with code `WRONG_PASSPHRASE`), with a `TypeError` or
   * `RangeError` for bad arguments, and with a `PoolError` (`POOL_UNSUPPORTED`: no Web
   * Workers here, as in a service worker).
   */
  static start(armoredPrivateKey: string, passphrase: string, options?: DecryptPoolOptions): Promise<DecryptPool>;
  /** How many workers this pool runs. */
  readonly size: number;
  /**
   * As `UnlockedKey.decryptMany`, spread over the workers: one result per item, in order.
   * Rejects with a `TypeError` for a malformed list or item, and with a `PoolError`
   * (`POOL_CLOSED`, `POOL_WORKER_FAILED`) when the pool cannot work.
   */
  decryptMany(items: DecryptManyItem[], verificationKeys?: string[] | null): Promise<DecryptManyResult[]>;
  /**
   * Frees (zeroizes) the key in every worker, then stops them. A batch still running
   * rejects with a `PoolError` `POOL_CLOSED`.
   */
  close(): Promise<void>;
}
