// What both benchmark runners read: the keys and the command-line options.

/** The suite's keys, given a reader of repository files (`path` relative to the repo). */
export function benchKeys(read) {
  const fixture = (name) => read(`tests/vectors/fixtures/keys/${name}`);
  const pair = (name, pass) => ({ pub: fixture(`${name}_public.asc`), sec: fixture(`${name}_private.asc`), pass });
  return {
    ada: pair("ada", "ada-fixture-passphrase"),
    betty: pair("betty", "betty-fixture-passphrase"),
    bench: JSON.parse(read("tests/bench/keys.json")),
  };
}

/** `--messages N --rounds N --rsa-generations N --only TEXT --out FILE --pkg DIR`. */
export function parseArgs(argv) {
  const options = {};
  const names = { "--messages": "messages", "--rounds": "rounds", "--rsa-generations": "rsaGenerations", "--only": "only", "--out": "out", "--pkg": "pkg" };
  for (let i = 0; i < argv.length; i += 2) {
    const name = names[argv[i]];
    if (!name || argv[i + 1] === undefined) throw new Error(`unknown or incomplete option ${argv[i]}; known: ${Object.keys(names).join(" ")}`);
    options[name] = ["only", "out", "pkg"].includes(name) ? argv[i + 1] : Number(argv[i + 1]);
  }
  return options;
}
