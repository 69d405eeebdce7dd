// Cross-checks the message vectors with the implementation that did NOT make them, and records
// the result in each manifest entry (and each keys.json entry):
//   * gnupg/…     is decrypted / verified by OpenPGP.js          -> "cross_checked": "openpgpjs"
//   * openpgpjs/… is decrypted / verified by GnuPG (OpenPGP.js keys imported into throwaway
//                 GNUPGHOMEs, one secret key per home, no passphrase caching)
//                                                               -> "cross_checked": "gnupg"
// An entry the other implementation cannot read gets "cross_checked": null and a
// "cross_check_notes" reason (e.g. GnuPG 2.2 and RFC 9580 v6 keys / SEIPDv2 / Argon2).
//
// A message entry passes when the plaintext matches, the session key found equals the recorded
// one (when the checker can report it), and, for signed entries, the signature verifies and was
// made by `signer_fingerprint`. A signature entry passes when the checker's verdict equals
// `valid`; for valid: false the checker must positively report a BAD signature (not merely fail
// to read the key).
//
// Usage: node tests/vectors/messages/cross-check.mjs   (after both generators; needs gpg 2.2+)
// Exit status 1 if an entry that is expected to cross-check does not.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as openpgp from 'openpgp';

const { enums } = openpgp;
const here = dirname(fileURLToPath(import.meta.url));
const GPG = process.env.GPG || 'gpg';

const readJSON = (p) => JSON.parse(readFileSync(p, 'utf8'));
const writeJSON = (p, v) => writeFileSync(p, `${JSON.stringify(v, null, 2)}\n`);

function expectedPlaintext(dir, e) {
  if (e.plaintext !== undefined && e.plaintext !== null) return Buffer.from(e.plaintext, 'utf8');
  if (e.plaintext_hex !== undefined) return Buffer.from(e.plaintext_hex, 'hex');
  if (e.plaintext_file !== undefined) return readFileSync(join(dir, e.plaintext_file));
  throw new Error(`${e.name}: no plaintext`);
}

function parseSessionKey(s) {
  const [algo, h] = s.split(':');
  return { algorithm: enums.read(enums.symmetric, Number(algo)), data: new Uint8Array(Buffer.from(h, 'hex')) };
}

/** Reasons GnuPG 2.2 is expected not to handle an OpenPGP.js entry ('' if it should). */
function gnupgLimits(e, keysByFile) {
  const reasons = [];
  if (e.encryption && e.encryption.startsWith('seipdv2')) reasons.push('SEIPDv2 (RFC 9580 AEAD) packets are unknown to GnuPG 2.2');
  const k = e.decrypt_with && e.decrypt_with.key && keysByFile[e.decrypt_with.key];
  if (k && k.key_version === 6) reasons.push('GnuPG 2.2 cannot import v6 keys');
  if (k && k.s2k === 'argon2') reasons.push('GnuPG 2.2 cannot unlock an Argon2/AEAD-protected secret key');
  const signerFile = e.signed_by || e.signer;
  const signer = signerFile && Object.values(keysByFile).find((x) => x.public_file === signerFile);
  if (signer && signer.key_version === 6) reasons.push('the signature is a v6 signature by a v6 key, which GnuPG 2.2 cannot import or verify');
  return reasons;
}

// ---------------------------------------------------------------------------------------------
// OpenPGP.js checks GnuPG's vectors

async function checkWithOpenPGPjs(dir) {
  const manifest = readJSON(join(dir, 'manifest.json'));
  const keyList = readJSON(join(dir, 'keys', 'keys.json'));
  const results = { ok: 0, fail: 0, na: 0 };
  const fail = (e, msg) => { e.cross_checked = null; e.cross_check_notes = `OpenPGP.js failed: ${msg}`; results.fail++; console.log(`  FAIL ${e.name}: ${msg}`); };

  for (const k of keyList) {
    try {
      const key = await openpgp.readPrivateKey({ armoredKey: readFileSync(join(dir, k.file), 'utf8') });
      const unlocked = await openpgp.decryptKey({ privateKey: key, passphrase: k.passphrase });
      if (unlocked.getFingerprint().toUpperCase() !== k.fingerprint) throw new Error('fingerprint differs');
      k.cross_checked = 'openpgpjs';
      delete k.cross_check_notes;
    } catch (err) {
      k.cross_checked = null;
      k.cross_check_notes = `OpenPGP.js failed: ${err.message}`;
      console.log(`  FAIL key ${k.name}: ${err.message}`);
      results.fail++;
    }
  }

  for (const e of manifest.messages) {
    delete e.cross_check_notes;
    try {
      const armoredMessage = readFileSync(join(dir, e.message), 'utf8');
      let decryptionKeys; let passwords; let sessionKeys;
      if (e.decrypt_with.key) {
        const key = await openpgp.readPrivateKey({ armoredKey: readFileSync(join(dir, e.decrypt_with.key), 'utf8') });
        decryptionKeys = await openpgp.decryptKey({ privateKey: key, passphrase: e.decrypt_with.passphrase });
      } else if (e.decrypt_with.password) {
        passwords = [e.decrypt_with.password];
      } else {
        sessionKeys = parseSessionKey(e.decrypt_with.session_key);
      }
      if (!sessionKeys) {
        const sks = await openpgp.decryptSessionKeys({ message: await openpgp.readMessage({ armoredMessage }), decryptionKeys, passwords });
        const got = `${enums.write(enums.symmetric, sks[0].algorithm)}:${Buffer.from(sks[0].data).toString('hex')}`;
        if (got.toLowerCase() !== e.session_key.toLowerCase()) throw new Error(`session key ${got} != ${e.session_key}`);
      }
      const verificationKeys = e.signed_by
        ? await openpgp.readKey({ armoredKey: readFileSync(join(dir, e.signed_by), 'utf8') })
        : undefined;
      const res = await openpgp.decrypt({
        message: await openpgp.readMessage({ armoredMessage }), decryptionKeys, passwords, sessionKeys,
        verificationKeys, expectSigned: !!e.signed_by, format: 'binary',
      });
      if (Buffer.compare(Buffer.from(res.data), expectedPlaintext(dir, e)) !== 0) throw new Error('plaintext differs');
      if (e.signed_by) {
        await res.signatures[0].verified;
        const fpr = verificationKeys.getFingerprint().toUpperCase();
        if (fpr !== e.signer_fingerprint) throw new Error(`signer ${fpr}`);
      }
      e.cross_checked = 'openpgpjs';
      results.ok++;
    } catch (err) {
      fail(e, err.message);
    }
  }

  for (const s of manifest.signatures) {
    delete s.cross_check_notes;
    try {
      const verificationKeys = await openpgp.readKey({ armoredKey: readFileSync(join(dir, s.signer), 'utf8') });
      let result;
      if (s.kind === 'detached') {
        const data = readFileSync(join(dir, s.data_file));
        const signature = await openpgp.readSignature({ armoredSignature: readFileSync(join(dir, s.file), 'utf8') });
        // A text signature (0x01) needs a text message (OpenPGP.js canonicalizes the line endings).
        const message = s.signature_type === 'text'
          ? await openpgp.createMessage({ text: data.toString('utf8') })
          : await openpgp.createMessage({ binary: new Uint8Array(data) });
        result = await openpgp.verify({ message, signature, verificationKeys });
      } else if (s.kind === 'inline') {
        result = await openpgp.verify({ message: await openpgp.readMessage({ armoredMessage: readFileSync(join(dir, s.file), 'utf8') }), verificationKeys });
      } else {
        result = await openpgp.verify({ message: await openpgp.readCleartextMessage({ cleartextMessage: readFileSync(join(dir, s.file), 'utf8') }), verificationKeys });
      }
      let valid; let why = '';
      try { await result.signatures[0].verified; valid = true; } catch (err) { valid = false; why = err.message; }
      if (valid !== s.valid) throw new Error(`valid=${valid} (${why}), expected ${s.valid}`);
      if (!s.valid && !/signed digest did not match|Signature verification failed|digest/i.test(why)) {
        throw new Error(`rejected, but not as a bad signature: ${why}`);
      }
      if (s.kind !== 'detached' && s.valid) {
        const text = typeof result.data === 'string' ? result.data : Buffer.from(result.data).toString('utf8');
        // gpg prints cleartext with its final line ending, OpenPGP.js without: compare as signed.
        const same = s.kind === 'cleartext' ? normalizeCleartext(text) === normalizeCleartext(s.plaintext) : text === s.plaintext;
        if (!same) throw new Error(`text differs: ${JSON.stringify(text)}`);
      }
      s.cross_checked = 'openpgpjs';
      results.ok++;
    } catch (err) {
      fail(s, err.message);
    }
  }
  writeJSON(join(dir, 'manifest.json'), manifest);
  writeJSON(join(dir, 'keys', 'keys.json'), keyList);
  return results;
}

// ---------------------------------------------------------------------------------------------
// GnuPG checks OpenPGP.js's vectors

const work = mkdtempSync(join(tmpdir(), 'pgp-xcheck-'));
const homes = [];

function gpg(home, args, input) {
  const r = spawnSync(GPG, ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--trust-model', 'always', ...args], {
    env: { ...process.env, GNUPGHOME: home, LC_ALL: 'C.UTF-8' }, input, maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

function newHome(name) {
  const h = join(work, name);
  spawnSync('mkdir', ['-p', h]);
  chmodSync(h, 0o700);
  writeFileSync(join(h, 'gpg-agent.conf'), 'default-cache-ttl 0\nmax-cache-ttl 0\nallow-loopback-pinentry\n');
  homes.push(h);
  return h;
}

function statusLines(file) {
  try { return readFileSync(file, 'utf8').split('\n'); } catch { return []; }
}
const statusField = (lines, kw, n) => {
  const l = lines.find((x) => x.startsWith(`[GNUPG:] ${kw} `) || x === `[GNUPG:] ${kw}`);
  return l ? l.split(' ')[n + 1] : undefined;
};
/** Cleartext-signed text as signed: LF line endings, no trailing whitespace, no final newline. */
const normalizeCleartext = (t) => t.replace(/\r\n/g, '\n').split('\n').map((l) => l.replace(/[ \t]+$/, '')).join('\n').replace(/\n+$/, '');
// The last gpg messages (import tallies dropped), with our paths made relative.
const lastGpgError = (stderr) => stderr.split('\n')
  .filter((l) => l.startsWith('gpg:') && !/Total number processed|secret keys read|secret keys unchanged/.test(l))
  .slice(-2).join(' / ').split(`${here}/`).join('');

async function checkWithGnuPG(dir) {
  const manifest = readJSON(join(dir, 'manifest.json'));
  const keyList = readJSON(join(dir, 'keys', 'keys.json'));
  const keysByFile = Object.fromEntries(keyList.map((k) => [k.file, k]));
  const results = { ok: 0, fail: 0, na: 0 };

  // A home with every public key GnuPG can import.
  const pubHome = newHome('openpgpjs-pub');
  const publicFiles = [...new Set(keyList.map((k) => k.public_file))];
  const importable = new Set();
  for (const f of publicFiles) {
    const r = gpg(pubHome, ['--import', join(dir, f)]);
    if (r.status === 0) importable.add(f);
  }
  // One home per secret key file: all public keys + that secret key.
  const secretHome = {};
  for (const k of keyList) {
    const h = newHome(`openpgpjs-${k.name}`);
    for (const f of importable) gpg(h, ['--import', join(dir, f)]);
    const r = gpg(h, ['--import', join(dir, k.file)]);
    // Unlock test: make a signature with the recorded passphrase.
    const s = r.status === 0
      ? gpg(h, ['--passphrase', k.passphrase, '-u', k.fingerprint, '--sign', '-o', '-'], 'unlock test')
      : r;
    const limits = [];
    if (k.key_version === 6) limits.push('GnuPG 2.2 cannot import v6 keys');
    if (k.s2k === 'argon2') limits.push('GnuPG 2.2 does not know Argon2 S2K / AEAD-protected secret keys (S2K usage 253)');
    if (k.s2k && k.s2k.startsWith('aead')) limits.push('GnuPG 2.2 does not know AEAD-protected secret keys (S2K usage 253)');
    if (s.status === 0) {
      secretHome[k.file] = h;
      k.cross_checked = 'gnupg';
      delete k.cross_check_notes;
      if (limits.length) { console.log(`  UNEXPECTED OK key ${k.name}`); }
      results.ok++;
    } else {
      k.cross_checked = null;
      k.cross_check_notes = `${limits.join('; ') || 'unexpected'}; gpg said: ${lastGpgError(s.stderr)}`;
      if (limits.length) results.na++; else { results.fail++; console.log(`  FAIL key ${k.name}: ${k.cross_check_notes}`); }
    }
  }

  const record = (e, ok, err) => {
    const limits = gnupgLimits(e, keysByFile);
    delete e.cross_check_notes;
    if (ok) {
      e.cross_checked = 'gnupg';
      if (limits.length) console.log(`  UNEXPECTED OK ${e.name} (${limits.join('; ')})`);
      results.ok++;
    } else {
      e.cross_checked = null;
      e.cross_check_notes = `${limits.length ? limits.join('; ') : 'UNEXPECTED FAILURE'}; gpg said: ${err}`;
      if (limits.length) results.na++; else { results.fail++; console.log(`  FAIL ${e.name}: ${err}`); }
    }
  };

  for (const e of manifest.messages) {
    const status = join(work, 'status');
    rmSync(status, { force: true });
    let home = pubHome; const args = [];
    if (e.decrypt_with.key) {
      home = secretHome[e.decrypt_with.key];
      if (!home) { record(e, false, 'decryption key not usable by GnuPG (see keys.json)'); continue; }
      args.push('--passphrase', e.decrypt_with.passphrase);
    } else if (e.decrypt_with.password) {
      args.push('--passphrase', e.decrypt_with.password);
    } else {
      args.push('--override-session-key', e.decrypt_with.session_key);
    }
    const r = gpg(home, [...args, '--show-session-key', '--status-file', status, '-o', '-', '-d', join(dir, e.message)]);
    const st = statusLines(status);
    let err = '';
    if (!st.some((l) => l.startsWith('[GNUPG:] DECRYPTION_OKAY'))) err = `no DECRYPTION_OKAY (exit ${r.status}): ${lastGpgError(r.stderr)}`;
    else if (Buffer.compare(r.stdout, expectedPlaintext(dir, e)) !== 0) err = `plaintext differs (exit ${r.status}): ${lastGpgError(r.stderr)}`;
    else {
      const sk = statusField(st, 'SESSION_KEY', 1);
      if (sk && sk.toLowerCase() !== e.session_key.toLowerCase()) err = `session key ${sk} != ${e.session_key}`;
      else if (e.signed_by) {
        const primary = statusField(st, 'VALIDSIG', 10);
        if (primary !== e.signer_fingerprint) {
          err = `plaintext OK, but no valid signature by ${e.signer_fingerprint} (${st.filter((l) => /SIG|NO_PUBKEY/.test(l)).map((l) => l.slice(9)).join(' | ')})`;
        }
      }
    }
    record(e, !err, err);
  }

  for (const s of manifest.signatures) {
    const status = join(work, 'status');
    rmSync(status, { force: true });
    const r = s.kind === 'detached'
      ? gpg(pubHome, ['--status-file', status, '--verify', join(dir, s.file), join(dir, s.data_file)])
      : gpg(pubHome, ['--status-file', status, '-o', '-', '--decrypt', join(dir, s.file)]);
    const st = statusLines(status);
    const primary = statusField(st, 'VALIDSIG', 10);
    const bad = st.some((l) => l.startsWith('[GNUPG:] BADSIG'));
    let err = '';
    if (s.valid) {
      if (primary !== s.signer_fingerprint) err = `not verified (exit ${r.status}): ${lastGpgError(r.stderr)}`;
      else if (s.kind !== 'detached') {
        const text = r.stdout.toString('utf8');
        // gpg prints OpenPGP.js cleartext with CRLF and a final newline: compare as signed.
        const same = s.kind === 'cleartext' ? normalizeCleartext(text) === normalizeCleartext(s.plaintext) : text === s.plaintext;
        if (!same) err = `text differs: ${JSON.stringify(text)}`;
      }
    } else if (!bad) err = `expected BADSIG (exit ${r.status}): ${lastGpgError(r.stderr)}`;
    record(s, !err, err);
  }
  writeJSON(join(dir, 'manifest.json'), manifest);
  writeJSON(join(dir, 'keys', 'keys.json'), keyList);
  return results;
}

// ---------------------------------------------------------------------------------------------

let exitCode = 0;
try {
  console.log('OpenPGP.js checks gnupg/ …');
  const a = await checkWithOpenPGPjs(join(here, 'gnupg'));
  console.log(`  ${a.ok} passed, ${a.fail} failed`);
  console.log('GnuPG checks openpgpjs/ …');
  const b = await checkWithGnuPG(join(here, 'openpgpjs'));
  console.log(`  ${b.ok} passed, ${b.na} not readable by GnuPG 2.2 (expected, see cross_check_notes), ${b.fail} failed`);
  if (a.fail || b.fail) exitCode = 1;
} finally {
  for (const h of homes) spawnSync('gpgconf', ['--kill', 'all'], { env: { ...process.env, GNUPGHOME: h } });
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
