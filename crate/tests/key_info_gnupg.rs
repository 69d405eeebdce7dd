//! Proves that `passbolt_core::pgp::key_info` describes keys exactly as GnuPG does.
//!
//! For every armored key in `tests/vectors/keys/gnupg`, `tests/vectors/keys/openpgpjs` and
//! `tests/vectors/fixtures/keys` (public and secret), the test imports the key into a private,
//! throwaway GnuPG home, lists it with `gpg --with-colons`, and compares every field of
//! [`KeyInfo`] and of each [`SubkeyInfo`] with what gpg printed: fingerprint, key id, size,
//! server type, algorithm, curve, creation and expiry dates, expired / revoked / private
//! flags, primary and other user ids, capabilities, version and subkeys.
//!
//! GnuPG is required: without `gpg` on the `PATH` the test fails rather than skips. All
//! mismatches are collected (key file and field, gpg's value and ours) and reported together.
//!
//! Two deliberate readings of gpg's output, following the `SubkeyInfo` contract:
//! - gpg marks every subkey of a revoked (or expired) primary key as revoked (or expired) in its
//!   validity field; `SubkeyInfo::is_revoked` / `is_expired` describe the subkey itself, so the
//!   test takes them from the subkey's own revocation signature (a good `rev` record of class
//!   `28` in `--check-sigs`) and its own expiry date (field 7).
//! - gpg prints 255 bits for Ed25519 / Curve25519 keys, the Passbolt server 256.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fmt::Debug;
use std::fs::{self, DirBuilder};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use passbolt_core::pgp::{key_info, Capability, KeyInfo, ServerKeyType, SubkeyInfo};

/// The directories (relative to the repository root) whose `*.asc` keys are checked.
const KEY_DIRS: [&str; 3] = [
    "tests/vectors/keys/gnupg",
    "tests/vectors/keys/openpgpjs",
    "tests/vectors/fixtures/keys",
];

/// Fewer keys than this means the vectors went missing: the test must not pass vacuously.
const MIN_KEYS: usize = 20;

/// A private GnuPG home directory (mode 0700), removed with its agent when dropped.
struct GpgHome {
    path: PathBuf,
}

impl GpgHome {
    fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("system clock before 1970")
            .subsec_nanos();
        let path = std::env::temp_dir().join(format!(
            "pbc-gpg-{}-{}-{}",
            std::process::id(),
            nanos,
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .unwrap_or_else(|e| panic!("cannot create GnuPG home {}: {e}", path.display()));
        Self { path }
    }

    /// Runs gpg in this home with `args`; returns stdout, or an error with gpg's stderr.
    fn gpg<I, S>(&self, args: I) -> Result<String, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let output = Command::new("gpg")
            .env("GNUPGHOME", &self.path)
            .env("LC_ALL", "C")
            .args(["--batch", "--no-tty", "--no-auto-check-trustdb"])
            .args(args)
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run gpg ({e}): GnuPG 2.2+ is required, see scripts/setup.sh")
            });
        let stdout = String::from_utf8(output.stdout).map_err(|e| format!("gpg stdout: {e}"))?;
        if output.status.success() {
            Ok(stdout)
        } else {
            Err(format!(
                "gpg exited with {}: {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    }

    /// `gpg --with-colons` listing of everything in this home.
    fn list(&self, what: &str) -> Result<Vec<Vec<String>>, String> {
        let out = self.gpg([
            "--with-colons",
            "--fixed-list-mode",
            "--with-fingerprint",
            "--with-fingerprint",
            what,
        ])?;
        Ok(out
            .lines()
            .map(|line| line.split(':').map(str::to_owned).collect())
            .collect())
    }
}

impl Drop for GpgHome {
    fn drop(&mut self) {
        // Importing a secret key starts a gpg-agent for this home; stop it before removal.
        let _ = Command::new("gpgconf")
            .env("GNUPGHOME", &self.path)
            .args(["--kill", "all"])
            .output();
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// One key record (`pub`/`sec` or `sub`/`ssb`) of a colon listing, with its `fpr` record.
#[derive(Debug, Default)]
struct GpgKey {
    /// Record type: `pub`, `sec`, `sub` or `ssb`.
    record: String,
    /// Field 2: validity (`e` expired, `r` revoked, ...).
    validity: String,
    /// Field 3: key length in bits.
    bits: u32,
    /// Field 4: public key algorithm number.
    algo: u8,
    /// Field 5: 64-bit key id.
    long_key_id: String,
    /// Field 6: creation time (epoch seconds).
    created: i64,
    /// Field 7: expiry time (epoch seconds), if any.
    expires: Option<i64>,
    /// Field 12: capabilities of this key alone (its lower-case letters, sorted).
    caps: String,
    /// Field 17: curve name, if any.
    curve: Option<String>,
    /// Field 10 of the following `fpr` record.
    fingerprint: String,
}

/// A primary key as gpg lists it: the key, its user ids (primary first) and its subkeys.
#[derive(Debug, Default)]
struct GpgListing {
    primary: GpgKey,
    uids: Vec<String>,
    subkeys: Vec<GpgKey>,
}

/// Field `n` (1-based, as in GnuPG's doc/DETAILS) of a colon record, or "".
fn field(record: &[String], n: usize) -> &str {
    record.get(n - 1).map_or("", String::as_str)
}

/// Undoes gpg's `\xHH` escaping of user ids in colon listings (`:` is `\x3a`).
fn unescape(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'x') && i + 4 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 2..i + 4]).map_err(|e| e.to_string())?;
            let byte =
                u8::from_str_radix(hex, 16).map_err(|e| format!("bad escape in {s}: {e}"))?;
            out.push(byte);
            i += 4;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|e| format!("user id is not UTF-8: {e}"))
}

fn parse_key(record: &[String]) -> Result<GpgKey, String> {
    let number = |n: usize| -> Result<i64, String> {
        field(record, n)
            .parse()
            .map_err(|e| format!("field {n} of {record:?}: {e}"))
    };
    let expires = match field(record, 7) {
        "" => None,
        _ => Some(number(7)?),
    };
    let mut caps: Vec<char> = field(record, 12)
        .chars()
        .filter(char::is_ascii_lowercase)
        .collect();
    caps.sort_unstable();
    Ok(GpgKey {
        record: field(record, 1).to_owned(),
        validity: field(record, 2).to_owned(),
        bits: u32::try_from(number(3)?).map_err(|e| format!("bits of {record:?}: {e}"))?,
        algo: u8::try_from(number(4)?).map_err(|e| format!("algo of {record:?}: {e}"))?,
        long_key_id: field(record, 5).to_owned(),
        created: number(6)?,
        expires,
        caps: caps.into_iter().collect(),
        curve: Some(field(record, 17))
            .filter(|c| !c.is_empty())
            .map(str::to_owned),
        fingerprint: String::new(),
    })
}

/// Parses the listing of a home holding exactly one primary key.
fn parse_listing(records: &[Vec<String>]) -> Result<GpgListing, String> {
    let mut listing: Option<GpgListing> = None;
    for record in records {
        match field(record, 1) {
            "pub" | "sec" => {
                if listing.is_some() {
                    return Err("gpg lists more than one primary key".into());
                }
                listing = Some(GpgListing {
                    primary: parse_key(record)?,
                    ..GpgListing::default()
                });
            }
            kind @ ("sub" | "ssb" | "fpr" | "uid") => {
                let current = listing
                    .as_mut()
                    .ok_or_else(|| format!("{kind} record before any primary key"))?;
                match kind {
                    "sub" | "ssb" => current.subkeys.push(parse_key(record)?),
                    "uid" => current.uids.push(unescape(field(record, 10))?),
                    _ => {
                        let key = current.subkeys.last_mut().unwrap_or(&mut current.primary);
                        if key.fingerprint.is_empty() {
                            key.fingerprint = field(record, 10).to_owned();
                        }
                    }
                }
            }
            _ => {}
        }
    }
    listing.ok_or_else(|| "gpg lists no key".into())
}

/// Fingerprints of the keys carrying a good revocation signature of their own, from a
/// `--check-sigs` listing: class `20` after the primary key, `28` after a subkey.
fn revoked_fingerprints(records: &[Vec<String>]) -> Vec<String> {
    let mut current: Option<(&str, &str)> = None; // (record type, fingerprint)
    let mut pending_type = "";
    let mut revoked = Vec::new();
    for record in records {
        match field(record, 1) {
            kind @ ("pub" | "sub") => pending_type = kind,
            "fpr" if !pending_type.is_empty() => {
                current = Some((pending_type, field(record, 10)));
                pending_type = "";
            }
            "uid" => current = None,
            "rev" if field(record, 2) == "!" => {
                if let Some((kind, fpr)) = current {
                    let class = field(record, 11);
                    let own = (kind == "pub" && class.starts_with("20"))
                        || (kind == "sub" && class.starts_with("28"));
                    if own {
                        revoked.push(fpr.to_owned());
                    }
                }
            }
            _ => {}
        }
    }
    revoked
}

/// Epoch seconds as the server's ISO 8601 form, `2026-01-15T10:00:00+00:00`.
fn iso(epoch: i64) -> String {
    chrono::DateTime::from_timestamp(epoch, 0)
        .unwrap_or_else(|| panic!("timestamp {epoch} out of range"))
        .format("%Y-%m-%dT%H:%M:%S+00:00")
        .to_string()
}

/// The server's key type for a gpg algorithm number.
fn server_type(algo: u8) -> ServerKeyType {
    match algo {
        1..=3 => ServerKeyType::Rsa,
        16 | 20 => ServerKeyType::Elgamal,
        17 => ServerKeyType::Dsa,
        18 | 25 | 26 => ServerKeyType::Ecc,
        19 => ServerKeyType::Ecdsa,
        21 => ServerKeyType::Dh,
        22 | 27 | 28 => ServerKeyType::EdDsa,
        _ => ServerKeyType::Unknown,
    }
}

/// RFC 9580 algorithm name for a gpg algorithm number (rPGP's spelling).
fn algorithm_name(algo: u8) -> String {
    match algo {
        1 => "RSA",
        2 => "RSAEncrypt",
        3 => "RSASign",
        16 => "ElgamalEncrypt",
        17 => "DSA",
        18 => "ECDH",
        19 => "ECDSA",
        20 => "Elgamal",
        21 => "DiffieHellman",
        22 => "EdDSALegacy",
        25 => "X25519",
        26 => "X448",
        27 => "Ed25519",
        28 => "Ed448",
        other => return format!("unknown algorithm {other}"),
    }
    .to_owned()
}

/// gpg prints 255 bits for the 25519 curves; the server (and `key_info`) says 256.
fn expected_bits(key: &GpgKey) -> u32 {
    match (key.bits, key.curve.as_deref()) {
        (255, Some("ed25519" | "cv25519")) => 256,
        (bits, _) => bits,
    }
}

/// Capabilities as gpg's sorted lower-case letters.
fn cap_letters(caps: &[Capability]) -> String {
    let mut letters: Vec<char> = caps
        .iter()
        .map(|cap| match cap {
            Capability::Certify => 'c',
            Capability::Sign => 's',
            Capability::Encrypt => 'e',
            Capability::Authenticate => 'a',
        })
        .collect();
    letters.sort_unstable();
    letters.into_iter().collect()
}

/// The 8-hex-digit key id of a fingerprint.
fn short_id(fingerprint: &str) -> String {
    fingerprint[fingerprint.len().saturating_sub(8)..].to_owned()
}

fn is_past(expires: Option<i64>, now: i64) -> bool {
    expires.is_some_and(|t| t <= now)
}

/// Every difference found, as `key: field: gpg=… ours=…` lines.
struct Mismatches {
    key: String,
    found: Vec<String>,
}

impl Mismatches {
    fn check<T: PartialEq + Debug>(&mut self, field: &str, gpg: T, ours: T) {
        if gpg != ours {
            self.found
                .push(format!("{}: {field}: gpg={gpg:?} ours={ours:?}", self.key));
        }
    }

    fn fail(&mut self, what: impl AsRef<str>) {
        self.found.push(format!("{}: {}", self.key, what.as_ref()));
    }
}

/// Compares one subkey with gpg's record for it.
fn check_subkey(m: &mut Mismatches, gpg: &GpgKey, ours: &SubkeyInfo, revoked: &[String], now: i64) {
    let f = |name: &str| format!("subkey {}: {name}", gpg.fingerprint);
    m.check(
        &f("fingerprint"),
        gpg.fingerprint.as_str(),
        ours.fingerprint.as_str(),
    );
    m.check(
        &f("key_id"),
        short_id(&gpg.long_key_id),
        ours.key_id.clone(),
    );
    m.check(
        &f("algorithm"),
        algorithm_name(gpg.algo),
        ours.algorithm.clone(),
    );
    m.check(&f("type"), server_type(gpg.algo), ours.key_type);
    m.check(&f("bits"), expected_bits(gpg), ours.bits);
    m.check(&f("curve"), gpg.curve.as_ref(), ours.curve.as_ref());
    m.check(
        &f("capabilities"),
        gpg.caps.clone(),
        cap_letters(&ours.capabilities),
    );
    m.check(&f("created"), iso(gpg.created), ours.created.clone());
    m.check(&f("expires"), gpg.expires.map(iso), ours.expires.clone());
    m.check(&f("is_expired"), is_past(gpg.expires, now), ours.is_expired);
    m.check(
        &f("is_revoked"),
        revoked.contains(&gpg.fingerprint),
        ours.is_revoked,
    );
}

/// Compares `key_info`'s answer for one key with gpg's listing of it.
fn check_key(m: &mut Mismatches, gpg: &GpgListing, ours: &KeyInfo, revoked: &[String], now: i64) {
    let p = &gpg.primary;
    m.check(
        "fingerprint",
        p.fingerprint.as_str(),
        ours.fingerprint.as_str(),
    );
    m.check("key_id", short_id(&p.long_key_id), ours.key_id.clone());
    m.check(
        "version",
        if p.fingerprint.len() == 40 { 4 } else { 5 },
        ours.version,
    );
    m.check("algorithm", algorithm_name(p.algo), ours.algorithm.clone());
    m.check("type", server_type(p.algo), ours.key_type);
    m.check("bits", expected_bits(p), ours.bits);
    m.check("curve", p.curve.as_ref(), ours.curve.as_ref());
    m.check(
        "capabilities",
        p.caps.clone(),
        cap_letters(&ours.capabilities),
    );
    m.check("key_created", iso(p.created), ours.key_created.clone());
    m.check("expires", p.expires.map(iso), ours.expires.clone());
    m.check("is_private", p.record == "sec", ours.is_private);
    m.check(
        "is_expired",
        p.validity == "e" || is_past(p.expires, now),
        ours.is_expired,
    );
    m.check("is_revoked", p.validity == "r", ours.is_revoked);
    // gpg lists the primary user id first, the others in packet order.
    m.check("uid", gpg.uids.first(), Some(&ours.uid));
    let mut gpg_uids = gpg.uids.clone();
    let mut our_uids = ours.user_ids.clone();
    gpg_uids.sort();
    our_uids.sort();
    m.check("user_ids (as a set)", gpg_uids, our_uids);

    let gpg_fprs: Vec<&str> = gpg.subkeys.iter().map(|k| k.fingerprint.as_str()).collect();
    let our_fprs: Vec<&str> = ours
        .subkeys
        .iter()
        .map(|k| k.fingerprint.as_str())
        .collect();
    m.check("subkey fingerprints, in order", &gpg_fprs, &our_fprs);
    for gpg_sub in &gpg.subkeys {
        match ours
            .subkeys
            .iter()
            .find(|s| s.fingerprint == gpg_sub.fingerprint)
        {
            Some(our_sub) => check_subkey(m, gpg_sub, our_sub, revoked, now),
            None => m.fail(format!("subkey {} missing", gpg_sub.fingerprint)),
        }
    }
}

/// Imports `path` into a fresh GnuPG home and returns gpg's view of it.
fn gpg_view(path: &Path) -> Result<(GpgListing, Vec<String>), String> {
    let home = GpgHome::new();
    home.gpg([OsStr::new("--import"), path.as_os_str()])?;
    let secret = home.list("--list-secret-keys")?;
    let has_secret = secret.iter().any(|r| field(r, 1) == "sec");
    let listing = parse_listing(&if has_secret {
        secret
    } else {
        home.list("--list-keys")?
    })?;
    let revoked = revoked_fingerprints(&home.list("--check-sigs")?);
    Ok((listing, revoked))
}

/// Every `*.asc` key file under the vector directories, sorted.
fn key_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in KEY_DIRS {
        let dir = root.join(dir);
        let entries = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read key directory {}: {e}", dir.display()));
        for entry in entries {
            let path = entry
                .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
                .path();
            if path.extension() == Some(OsStr::new("asc")) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn key_info_agrees_with_gnupg() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate lives in a workspace directory");
    let version = GpgHome::new()
        .gpg(["--version"])
        .unwrap_or_else(|e| panic!("gpg --version failed: {e}"));
    println!(
        "{}",
        version.lines().next().unwrap_or("gpg: no version line")
    );

    let files = key_files(root);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("system clock before 1970")
        .as_secs();
    let now = i64::try_from(now).expect("time fits in i64");
    let mut all = Vec::new();
    let mut checked = BTreeMap::new();
    for path in &files {
        let name = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        let mut m = Mismatches {
            key: name.clone(),
            found: Vec::new(),
        };
        let armored = fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        match (gpg_view(path), key_info(&armored)) {
            (Err(e), _) => m.fail(format!("gpg could not read the key: {e}")),
            (_, Err(e)) => m.fail(format!("key_info failed: {e:?}")),
            (Ok((gpg, revoked)), Ok(ours)) => {
                // A vector whose name says "secret" must really hold one, and vice versa.
                let file_secret = name.ends_with(".sec.asc") || name.ends_with("_private.asc");
                m.check(
                    "vector: file name says secret",
                    file_secret,
                    gpg.primary.record == "sec",
                );
                check_key(&mut m, &gpg, &ours, &revoked, now);
                checked.insert(name, ours.fingerprint);
            }
        }
        all.extend(m.found);
    }
    println!("checked {} keys against gpg:", checked.len());
    for (name, fingerprint) in &checked {
        println!("  {name:55} {fingerprint}");
    }
    assert!(
        all.is_empty(),
        "{} mismatch(es) between key_info and gpg:\n{}",
        all.len(),
        all.join("\n")
    );
    assert!(
        checked.len() >= MIN_KEYS,
        "only {} keys checked (want at least {MIN_KEYS}); are the vectors missing?",
        checked.len()
    );
}
