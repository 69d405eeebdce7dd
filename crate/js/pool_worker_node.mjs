// A decryption-pool worker in Node (a worker_threads thread started by node/pool.mjs).
import { parentPort } from "node:worker_threads";
import * as core from "./index.mjs";
import { poolHandler } from "../pool_handler.js";

const handle = poolHandler(core, async () => {});
parentPort.on("message", async (message) => parentPort.postMessage(await handle(message)));
