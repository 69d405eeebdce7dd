//! Every message of `tests/vectors/messages` (made by GnuPG 2.2.40 and OpenPGP.js 6.3.2,
//! cross-checked between them) decrypts with its key, password or session key to its
//! plaintext, gives its session key, and verifies its signer.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use passbolt_core::pgp::{
    decrypt, DecryptOptions, DecryptWith, PublicKey, SessionKey, UnlockedKey,
};
use serde_json::Value;

fn dir(producer: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/messages")
        .join(producer)
}

fn read(base: &Path, file: &str) -> String {
    std::fs::read_to_string(base.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn every_message_vector_decrypts_to_its_plaintext_session_key_and_signer() {
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut keys: HashMap<(String, String), UnlockedKey> = HashMap::new();
    for producer in ["gnupg", "openpgpjs"] {
        let base = dir(producer);
        let manifest: Value =
            serde_json::from_str(&read(&base, "manifest.json")).expect("manifest");
        for entry in manifest["messages"].as_array().expect("messages") {
            let name = format!("{producer}/{}", entry["name"].as_str().unwrap_or("?"));
            match check(&base, entry, &mut keys) {
                Ok(()) => checked += 1,
                Err(why) => failures.push(format!("{name}: {why}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 80, "only {checked} vectors checked");
}

fn check(
    base: &Path,
    entry: &Value,
    keys: &mut HashMap<(String, String), UnlockedKey>,
) -> Result<(), String> {
    let message = read(base, entry["message"].as_str().ok_or("no message")?);
    let how = &entry["decrypt_with"];
    let signer = match entry["signed_by"].as_str() {
        Some(file) => Some(PublicKey::read(&read(base, file)).map_err(|e| format!("signer: {e}"))?),
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
            let key = UnlockedKey::unlock(&read(base, file), &passphrase)
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
        std::fs::read(base.join(file)).map_err(|e| e.to_string())?
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
