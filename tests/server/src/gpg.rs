//! GnuPG, driven as a subprocess with a private home directory: the only OpenPGP engine of the
//! server (as PHP's gnupg is for the real one) and of the seed generator.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

/// What went wrong when running `gpg`.
#[derive(Debug)]
pub struct GpgError {
    /// A short description and gpg's own diagnostics.
    pub message: String,
}

impl fmt::Display for GpgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "gpg: {}", self.message)
    }
}

impl std::error::Error for GpgError {}

fn err(message: impl Into<String>) -> GpgError {
    GpgError {
        message: message.into(),
    }
}

/// The result of one gpg run: data on stdout, `[GNUPG:]` status lines, diagnostics.
#[derive(Debug)]
struct Run {
    stdout: Vec<u8>,
    status: Vec<String>,
    stderr: String,
    success: bool,
}

impl Run {
    fn status_args(&self, keyword: &str) -> Vec<Vec<String>> {
        self.status
            .iter()
            .filter_map(|l| {
                let mut parts = l.split(' ');
                (parts.next() == Some(keyword)).then(|| parts.map(str::to_string).collect())
            })
            .collect()
    }
}

/// A decrypted message and what gpg reported about it.
#[derive(Debug, Clone)]
pub struct Decrypted {
    /// The plaintext.
    pub plaintext: Vec<u8>,
    /// `algo:HEX` when asked for (`--show-session-key`).
    pub session_key: Option<String>,
    /// Primary-key fingerprints of the good signatures (`VALIDSIG`).
    pub signers: Vec<String>,
}

/// One key as `gpg --with-colons` shows it, in the server's `/gpgkeys.json` terms.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyInfo {
    /// 40 upper-case hex.
    pub fingerprint: String,
    /// Last 16 hex of the fingerprint.
    pub long_key_id: String,
    /// "RSA", "EdDSA", "ECDSA", "ECC", "DH", "DSA", "ELGAMAL".
    pub key_type: String,
    /// RSA modulus size, or the curve size (256 for 25519).
    pub bits: u32,
    /// Unix creation time.
    pub created: i64,
    /// Unix expiry time of the primary key, if it has one.
    pub expires: Option<i64>,
    /// Whether gpg shows the key as revoked.
    pub revoked: bool,
    /// The first user id.
    pub uid: Option<String>,
    /// Long ids of the subkeys (and the primary when it has none), the valid message recipients.
    pub recipient_key_ids: Vec<String>,
    /// Whether a secret key was shown.
    pub secret: bool,
}

/// A GnuPG home directory. A temporary one is deleted (and its agent stopped) on drop.
#[derive(Debug)]
pub struct Gpg {
    home: PathBuf,
    temporary: bool,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl Gpg {
    /// A fresh, empty home directory under the system temp dir.
    pub fn temporary(label: &str) -> Result<Gpg, GpgError> {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        // Short names: gpg-agent's socket path must stay under ~100 bytes.
        let home = std::env::temp_dir().join(format!("pbg-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home)
            .map_err(|e| err(format!("create {}: {e}", home.display())))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700));
        }
        let gpg = Gpg {
            home,
            temporary: true,
        };
        // Listing an expired key needs a trust database, even with `--trust-model always`.
        let _ = Command::new("gpg")
            .arg("--homedir")
            .arg(&gpg.home)
            .args(["--batch", "--yes", "--update-trustdb"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        Ok(gpg)
    }

    /// The home directory.
    pub fn home(&self) -> &Path {
        &self.home
    }

    fn run(&self, args: &[&str], stdin: &[u8], passphrase: Option<&str>) -> Result<Run, GpgError> {
        let mut cmd = Command::new("gpg");
        cmd.arg("--homedir")
            .arg(&self.home)
            .args([
                "--batch",
                "--no-tty",
                "--yes",
                "--status-fd",
                "2",
                "--no-auto-key-locate",
            ])
            .args(["--trust-model", "always", "--no-auto-check-trustdb"]);
        if let Some(p) = passphrase {
            cmd.args(["--pinentry-mode", "loopback", "--passphrase", p]);
        }
        cmd.args(args)
            .env("LC_ALL", "C")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .map_err(|e| err(format!("cannot start gpg: {e}")))?;
        if let Some(mut input) = child.stdin.take() {
            // gpg may exit before reading everything (bad input); that error shows below.
            let _ = input.write_all(stdin);
        }
        let out = child
            .wait_with_output()
            .map_err(|e| err(format!("gpg did not finish: {e}")))?;
        let stderr_all = String::from_utf8_lossy(&out.stderr);
        let mut status = Vec::new();
        let mut stderr = String::new();
        for line in stderr_all.lines() {
            match line.strip_prefix("[GNUPG:] ") {
                Some(s) => status.push(s.to_string()),
                None => {
                    stderr.push_str(line);
                    stderr.push('\n');
                }
            }
        }
        Ok(Run {
            stdout: out.stdout,
            status,
            stderr,
            success: out.status.success(),
        })
    }

    /// Imports armored keys (public or secret); returns the fingerprints gpg reported.
    pub fn import(&self, armored: &str) -> Result<Vec<String>, GpgError> {
        let run = self.run(&["--import"], armored.as_bytes(), Some(""))?;
        let fprs: Vec<String> = run
            .status_args("IMPORT_OK")
            .into_iter()
            .filter_map(|a| a.get(1).cloned())
            .collect();
        if fprs.is_empty() {
            return Err(err(format!("nothing imported: {}", run.stderr.trim())));
        }
        let mut unique = fprs;
        unique.dedup();
        Ok(unique)
    }

    /// Decrypts an armored message with the keys of this home; `passphrase` unlocks them.
    /// Signatures are verified against the public keys present; good ones are listed.
    pub fn decrypt(&self, armored: &str, passphrase: Option<&str>) -> Result<Decrypted, GpgError> {
        let run = self.run(
            &["--show-session-key", "--decrypt"],
            armored.as_bytes(),
            Some(passphrase.unwrap_or("")),
        )?;
        let ok = run.status.iter().any(|l| l == "DECRYPTION_OKAY");
        if !ok
            || run
                .status
                .iter()
                .any(|l| l.starts_with("DECRYPTION_FAILED"))
        {
            return Err(err(format!("decryption failed: {}", run.stderr.trim())));
        }
        let session_key = run
            .status_args("SESSION_KEY")
            .into_iter()
            .next()
            .and_then(|a| a.first().cloned());
        let signers = run
            .status_args("VALIDSIG")
            .into_iter()
            .filter_map(|a| a.last().cloned())
            .collect();
        Ok(Decrypted {
            plaintext: run.stdout,
            session_key,
            signers,
        })
    }

    /// Encrypts `plaintext` for one recipient (a fingerprint in this home), signed by each of
    /// `signers` (fingerprints of secret keys here, unlocked with `passphrase`). `extension_style`
    /// writes what the browser extension writes (AES-256, no compression); otherwise gpg's defaults.
    pub fn encrypt(
        &self,
        plaintext: &[u8],
        recipient: &str,
        signers: &[&str],
        passphrase: Option<&str>,
        extension_style: bool,
    ) -> Result<String, GpgError> {
        let mut args: Vec<&str> = vec!["--armor", "--encrypt", "--recipient", recipient];
        if extension_style {
            args.extend(["--cipher-algo", "AES256", "--compress-algo", "none"]);
        }
        if !signers.is_empty() {
            args.push("--sign");
        }
        for s in signers {
            args.extend(["--local-user", s]);
        }
        let run = self.run(&args, plaintext, Some(passphrase.unwrap_or("")))?;
        if !run.success || run.stdout.is_empty() {
            return Err(err(format!("encryption failed: {}", run.stderr.trim())));
        }
        String::from_utf8(run.stdout).map_err(|_| err("armored output is not UTF-8"))
    }

    /// Key information for every key in `armored`, without importing it.
    pub fn key_info(&self, armored: &str) -> Result<Vec<KeyInfo>, GpgError> {
        let run = self.run(
            &[
                "--ignore-time-conflict",
                "--with-colons",
                "--fixed-list-mode",
                "--import-options",
                "show-only",
                "--import",
            ],
            armored.as_bytes(),
            None,
        )?;
        let text = String::from_utf8_lossy(&run.stdout).to_string();
        let keys = parse_colons(&text);
        if keys.is_empty() {
            return Err(err(format!("no key found: {}", run.stderr.trim())));
        }
        Ok(keys)
    }

    /// The armored public key of `fingerprint`.
    pub fn export_public(&self, fingerprint: &str) -> Result<String, GpgError> {
        let run = self.run(&["--armor", "--export", fingerprint], b"", None)?;
        non_empty(run, "export")
    }

    /// The armored secret key of `fingerprint` (still protected by its passphrase).
    pub fn export_secret(&self, fingerprint: &str, passphrase: &str) -> Result<String, GpgError> {
        let run = self.run(
            &["--armor", "--export-secret-keys", fingerprint],
            b"",
            Some(passphrase),
        )?;
        non_empty(run, "secret export")
    }

    /// Certifies `target`'s user ids with `signer`'s key (unlocked with `passphrase`).
    pub fn certify(&self, signer: &str, target: &str, passphrase: &str) -> Result<(), GpgError> {
        let run = self.run(
            &["--local-user", signer, "--quick-sign-key", target],
            b"",
            Some(passphrase),
        )?;
        if !run.success {
            return Err(err(format!("certification failed: {}", run.stderr.trim())));
        }
        Ok(())
    }

    /// Generates a key without expiry: `algo` is a gpg quick-gen name (`ed25519`, `rsa3072`, ...)
    /// for the primary, `sub` for the encryption subkey. Returns the fingerprint.
    pub fn generate(
        &self,
        uid: &str,
        algo: &str,
        sub: &str,
        passphrase: &str,
    ) -> Result<String, GpgError> {
        let run = self.run(
            &["--quick-gen-key", uid, algo, "sign", "never"],
            b"",
            Some(passphrase),
        )?;
        let fpr = run
            .status_args("KEY_CREATED")
            .into_iter()
            .find_map(|a| a.get(1).cloned())
            .ok_or_else(|| err(format!("key generation failed: {}", run.stderr.trim())))?;
        let run = self.run(
            &["--quick-add-key", &fpr, sub, "encr", "never"],
            b"",
            Some(passphrase),
        )?;
        if !run.success {
            return Err(err(format!(
                "subkey generation failed: {}",
                run.stderr.trim()
            )));
        }
        Ok(fpr)
    }
}

fn non_empty(run: Run, what: &str) -> Result<String, GpgError> {
    if run.stdout.is_empty() {
        return Err(err(format!("{what} failed: {}", run.stderr.trim())));
    }
    String::from_utf8(run.stdout).map_err(|_| err("armored output is not UTF-8"))
}

impl Drop for Gpg {
    fn drop(&mut self) {
        if self.temporary {
            let _ = Command::new("gpgconf")
                .arg("--homedir")
                .arg(&self.home)
                .args(["--kill", "gpg-agent"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            let _ = std::fs::remove_dir_all(&self.home);
        }
    }
}

/// Passbolt's names for OpenPGP public-key algorithm ids (openpgp-php's table).
pub fn algorithm_name(id: u32) -> &'static str {
    match id {
        1..=3 => "RSA",
        16 => "ELGAMAL",
        17 => "DSA",
        18 => "ECC",
        19 => "ECDSA",
        21 => "DH",
        22 => "EdDSA",
        _ => "UNKNOWN",
    }
}

fn curve_bits(curve: &str, fallback: u32) -> u32 {
    match curve {
        "ed25519" | "cv25519" | "nistp256" | "brainpoolP256r1" | "secp256k1" => 256,
        "nistp384" | "brainpoolP384r1" => 384,
        "nistp521" => 521,
        "brainpoolP512r1" => 512,
        "ed448" | "cv448" => 448,
        _ => fallback,
    }
}

/// Parses `--with-colons --fixed-list-mode` output into one entry per primary key.
fn parse_colons(text: &str) -> Vec<KeyInfo> {
    let mut keys: Vec<KeyInfo> = Vec::new();
    let mut last_was_primary = false;
    for line in text.lines() {
        let f: Vec<&str> = line.split(':').collect();
        let field = |i: usize| f.get(i).copied().unwrap_or("");
        match field(0) {
            "pub" | "sec" => {
                let algo: u32 = field(3).parse().unwrap_or(0);
                let len: u32 = field(2).parse().unwrap_or(0);
                keys.push(KeyInfo {
                    fingerprint: String::new(),
                    long_key_id: field(4).to_string(),
                    key_type: algorithm_name(algo).to_string(),
                    bits: if algo == 1 || algo == 2 || algo == 3 {
                        len
                    } else {
                        curve_bits(field(16), len)
                    },
                    created: field(5).parse().unwrap_or(0),
                    expires: field(6).parse().ok(),
                    revoked: field(1) == "r",
                    uid: None,
                    recipient_key_ids: Vec::new(),
                    secret: field(0) == "sec",
                });
                last_was_primary = true;
            }
            "sub" | "ssb" => {
                if let Some(k) = keys.last_mut() {
                    k.recipient_key_ids.push(field(4).to_string());
                }
                last_was_primary = false;
            }
            "fpr" => {
                if let (true, Some(k)) = (last_was_primary, keys.last_mut()) {
                    k.fingerprint = field(9).to_string();
                }
            }
            "uid" => {
                if let Some(k) = keys.last_mut() {
                    if k.uid.is_none() {
                        k.uid = Some(unescape_colons(field(9)));
                    }
                }
            }
            _ => {}
        }
    }
    for k in &mut keys {
        if k.recipient_key_ids.is_empty() {
            k.recipient_key_ids.push(k.long_key_id.clone());
        }
    }
    keys
}

/// gpg escapes `:` and control bytes in colon listings as `\xNN`.
fn unescape_colons(s: &str) -> String {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 3 < b.len() && b[i + 1] == b'x' {
            if let Ok(v) = u8::from_str_radix(&s[i + 2..i + 4], 16) {
                out.push(v);
                i += 4;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colon_listing_of_a_25519_key() {
        let text = "pub:-:255:22:09D7E972478529D7:1768471200:::-:::scSC:::::ed25519:::0:\n\
                    fpr:::::::::A666D519FB17EDA844AF7F1B09D7E972478529D7:\n\
                    uid:-::::1768471200::X::Ada Fixture <ada@fixture.test>::::::::::0:\n\
                    sub:-:255:18:12831BC543EDCB3D:1768471200::::::e::::cv25519::\n\
                    fpr:::::::::ABCDEF:\n";
        let keys = parse_colons(text);
        assert_eq!(keys.len(), 1);
        let k = &keys[0];
        assert_eq!(k.fingerprint, "A666D519FB17EDA844AF7F1B09D7E972478529D7");
        assert_eq!(
            (k.key_type.as_str(), k.bits, k.expires),
            ("EdDSA", 256, None)
        );
        assert_eq!(k.uid.as_deref(), Some("Ada Fixture <ada@fixture.test>"));
        assert_eq!(k.recipient_key_ids, vec!["12831BC543EDCB3D".to_string()]);
    }
}
