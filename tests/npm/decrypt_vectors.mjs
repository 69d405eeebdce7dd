// Prints (JSON) what `decryptMany` of every Curve25519 and RSA vector key gives for every
// armored message of the vectors, and which calls `node:crypto` saw. With
// `--without-node-crypto`, Node's own module is hidden first, so the X25519 and the RSA
// decryption run in wasm. Run by node_crypto.test.mjs in a child process for each way.
import init from "passbolt-core";
import { curve25519Keys, rsaKeys, verificationKeys, armoredMessages, countCalls } from "./vector_keys.mjs";

const names = ["createPrivateKey", "diffieHellman", "privateDecrypt"];
let calls = Object.fromEntries(names.map((name) => [name, 0]));
if (process.argv.includes("--without-node-crypto")) {
  process.getBuiltinModule = undefined;
} else {
  calls = countCalls(process.getBuiltinModule("node:crypto"), names);
}
await init();
const messages = armoredMessages();
const items = messages.map(([name, message], i) => ({ id: `${i}:${name}`, message }));
const keys = [...curve25519Keys(), ...rsaKeys()];
const results = keys.map(([label, key]) => [label, key.decryptMany(items, verificationKeys())]);
process.stdout.write(JSON.stringify({ calls, results }));
