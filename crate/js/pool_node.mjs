// The decryption pool in Node: worker_threads (node/pool_worker.mjs), each loading the Node
// build and unlocking its own copy of the key. An idle pool does not keep Node running.
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { PoolBase } from "../pool_scheduler.js";

/** A pool of worker threads decrypting batches in parallel; see `PoolBase`. */
export class DecryptPool extends PoolBase {
  static parallelism() {
    return availableParallelism();
  }

  static async spawn(count) {
    const workers = [];
    for (let i = 0; i < count; i++) {
      // The process's Node options, less `--input-type` (which a worker file refuses).
      const execArgv = process.execArgv.filter((arg) => !arg.startsWith("--input-type"));
      const worker = new Worker(new URL("./pool_worker.mjs", import.meta.url), { execArgv });
      worker.unref();
      let stopped = false;
      workers.push({
        post: (message) => worker.postMessage(message),
        listen(onReply, onFailure) {
          worker.on("message", onReply);
          worker.on("error", (error) => onFailure(error?.message ?? String(error)));
          worker.on("exit", (code) => stopped || onFailure(`exit code ${code}`));
        },
        // A request in flight keeps Node running until its reply.
        busy: (on) => (on ? worker.ref() : worker.unref()),
        terminate: () => {
          stopped = true;
          worker.terminate();
        },
      });
    }
    return { workers, startFields: {} };
  }
}
