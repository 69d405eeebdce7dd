//! The message vectors of `tests/vectors/messages`, checked through any file source (the
//! file system natively, the embedded `message_files` in wasm).

use std::collections::HashMap;

use passbolt_core::pgp::{
    decrypt, DecryptOptions, DecryptWith, PublicKey, SessionKey, UnlockedKey,
};
use serde_json::Value;

/// Reads a vector file by its path relative to `tests/vectors/messages`.
pub type Files<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

/// Checks every message of both manifests; returns how many passed and each failure.
pub fn check_all(files: Files<'_>) -> (usize, Vec<String>) {
    let mut keys: HashMap<(String, String), UnlockedKey> = HashMap::new();
    for_each_entry(files, "messages", |base, entry| {
        check(base, entry, &mut keys)
    })
}

/// Runs `check` on every entry of `section` in both producers' manifests.
fn for_each_entry(
    files: Files<'_>,
    section: &str,
    mut check: impl FnMut(&Base<'_>, &Value) -> Result<(), String>,
) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut failures = Vec::new();
    for producer in ["gnupg", "openpgpjs"] {
        let base = Base { files, producer };
        let manifest: Value = match base.text("manifest.json") {
            Ok(text) => serde_json::from_str(&text).expect("manifest JSON"),
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        for entry in manifest[section].as_array().expect("a list of entries") {
            let name = format!("{producer}/{}", entry["name"].as_str().unwrap_or("?"));
            match check(&base, entry) {
                Ok(()) => checked += 1,
                Err(why) => failures.push(format!("{name}: {why}")),
            }
        }
    }
    (checked, failures)
}

struct Base<'a> {
    files: Files<'a>,
    producer: &'a str,
}

impl Base<'_> {
    fn bytes(&self, file: &str) -> Result<Vec<u8>, String> {
        (self.files)(&format!("{}/{file}", self.producer)).ok_or(format!("missing file {file}"))
    }

    fn text(&self, file: &str) -> Result<String, String> {
        String::from_utf8(self.bytes(file)?).map_err(|_| format!("{file} is not UTF-8"))
    }
}

fn check(
    base: &Base<'_>,
    entry: &Value,
    keys: &mut HashMap<(String, String), UnlockedKey>,
) -> Result<(), String> {
    let message = base.text(entry["message"].as_str().ok_or("no message")?)?;
    let how = &entry["decrypt_with"];
    let signer = match entry["signed_by"].as_str() {
        Some(file) => Some(PublicKey::read(&base.text(file)?).map_err(|e| format!("signer: {e}"))?),
        None => None,
    };
    let verification: Vec<&PublicKey> = signer.iter().collect();
    let options = DecryptOptions {
        verification_keys: &verification,
        require_signature: signer.is_some(),
    };
    let session_key;
    let with = if let Some(file) = how["key"].as_str() {
        let passphrase = how["passphrase"].as_str().unwrap_or("").to_owned();
        let slot = (file.to_owned(), passphrase.clone());
        if !keys.contains_key(&slot) {
            let key = UnlockedKey::unlock(&base.text(file)?, &passphrase)
                .map_err(|e| format!("unlock {file}: {e}"))?;
            keys.insert(slot.clone(), key);
        }
        DecryptWith::Key(&keys[&slot])
    } else if let Some(password) = how["password"].as_str() {
        DecryptWith::Password(password)
    } else {
        session_key = SessionKey::parse(how["session_key"].as_str().ok_or("no way to decrypt")?)
            .map_err(|e| e.to_string())?;
        DecryptWith::SessionKey(&session_key)
    };
    let out = decrypt(&message, with, &options).map_err(|e| format!("{} {e}", e.code()))?;
    let expected = if let Some(text) = entry["plaintext"].as_str() {
        text.as_bytes().to_vec()
    } else if let Some(hex_text) = entry["plaintext_hex"].as_str() {
        hex::decode(hex_text).map_err(|e| e.to_string())?
    } else if let Some(file) = entry["plaintext_file"].as_str() {
        base.bytes(file)?
    } else {
        return Err("no plaintext in the manifest".into());
    };
    if out.data.as_slice() != expected.as_slice() {
        return Err(format!(
            "plaintext differs ({} bytes, expected {})",
            out.data.len(),
            expected.len()
        ));
    }
    if let Some(sk) = entry["session_key"].as_str() {
        let ours = out.session_key.to_passbolt_string();
        if !ours.eq_ignore_ascii_case(sk) {
            return Err(format!("session key differs: {} vs manifest", &ours[..2]));
        }
    }
    if let Some(fingerprint) = entry["signer_fingerprint"].as_str() {
        let verified = out
            .signatures
            .iter()
            .filter_map(|s| s.signer_fingerprint.as_deref());
        if !verified
            .clone()
            .any(|f| f.eq_ignore_ascii_case(fingerprint))
        {
            return Err(format!(
                "signer {fingerprint} not verified: {:?}",
                out.signatures
            ));
        }
    }
    Ok(())
}

/// Checks every signature entry (detached, inline, cleartext) of both manifests: valid ones
/// verify against their signer, tampered ones do not.
pub fn check_all_signatures(files: Files<'_>) -> (usize, Vec<String>) {
    for_each_entry(files, "signatures", check_signature)
}

/// Cleartext comparisons ignore line endings and trailing white space, which the cleartext
/// framework does not sign.
fn normalized(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_end().to_owned()
}

fn check_signature(base: &Base<'_>, entry: &Value) -> Result<(), String> {
    use passbolt_core::pgp::{verify_cleartext, verify_detached, verify_inline};
    let armored = base.text(entry["file"].as_str().ok_or("no file")?)?;
    let signer = PublicKey::read(&base.text(entry["signer"].as_str().ok_or("no signer")?)?)
        .map_err(|e| format!("signer: {e}"))?;
    let keys = [&signer];
    let (data, checks) = match entry["kind"].as_str() {
        Some("detached") => {
            let data = base.bytes(entry["data_file"].as_str().ok_or("no data file")?)?;
            let checks = verify_detached(&data, &armored, &keys).map_err(|e| e.to_string())?;
            (None, checks)
        }
        Some("inline") => {
            let out = verify_inline(&armored, &keys).map_err(|e| e.to_string())?;
            (
                Some(String::from_utf8_lossy(&out.data).into_owned()),
                out.signatures,
            )
        }
        Some("cleartext") => {
            let out = verify_cleartext(&armored, &keys).map_err(|e| e.to_string())?;
            (
                Some(String::from_utf8_lossy(&out.data).into_owned()),
                out.signatures,
            )
        }
        other => return Err(format!("unknown kind {other:?}")),
    };
    let valid = entry["valid"].as_bool().ok_or("no valid flag")?;
    let verified: Vec<&str> = checks
        .iter()
        .filter_map(|c| c.signer_fingerprint.as_deref())
        .collect();
    if checks.is_empty() {
        return Err("no signature found".into());
    }
    let was_verified = !verified.is_empty();
    if valid != was_verified {
        return Err(format!("expected valid={valid}, verified by {verified:?}"));
    }
    if let (true, Some(fingerprint)) = (valid, entry["signer_fingerprint"].as_str()) {
        if !verified.iter().any(|f| f.eq_ignore_ascii_case(fingerprint)) {
            return Err(format!("verified by {verified:?}, not {fingerprint}"));
        }
    }
    if let (true, Some(data), Some(plaintext)) = (valid, data, entry["plaintext"].as_str()) {
        if normalized(&data) != normalized(plaintext) {
            return Err("signed data differs from the manifest".into());
        }
    }
    Ok(())
}
