// Prints (JSON) what `decryptMany` of every Curve25519 vector key gives for every armored
// message of the vectors, and which X25519 calls `node:crypto` saw. With
// `--without-node-crypto`, Node's own module is hidden first, so the X25519 runs in wasm.
// Run by node_x25519.test.mjs in a child process for each way.
import init from "passbolt-core";
import { curve25519Keys, curve25519VerificationKeys, armoredMessages } from "./curve25519.mjs";

const calls = { createPrivateKey: 0, diffieHellman: 0 };
if (process.argv.includes("--without-node-crypto")) {
  process.getBuiltinModule = undefined;
} else {
  const crypto = process.getBuiltinModule("node:crypto");
  for (const name of Object.keys(calls)) {
    const original = crypto[name];
    crypto[name] = function (...args) {
      calls[name] += 1;
      return original.apply(this, args);
    };
  }
}
await init();
const messages = armoredMessages();
const items = messages.map(([name, message], i) => ({ id: `${i}:${name}`, message }));
const results = curve25519Keys().map(([label, key]) => [label, key.decryptMany(items, curve25519VerificationKeys())]);
process.stdout.write(JSON.stringify({ calls, results }));
