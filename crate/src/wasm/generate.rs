//! Export of key generation.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::pgp::{self, KeyAlgorithm};

use super::crypto::JsUnlockedKey;

/// Generates a key the Passbolt server accepts: `"curve25519"` (the extension's ECC option),
/// `"rsa3072"` or `"rsa4096"`, for `name <email>`, locked with `passphrase`. Returns
/// `{private_armored, public_armored, fingerprint}`. RSA generation takes seconds in wasm.
#[wasm_bindgen(js_name = generateKey, unchecked_return_type = "GeneratedKey")]
pub fn generate_key(
    #[wasm_bindgen(unchecked_param_type = "\"curve25519\" | \"rsa3072\" | \"rsa4096\"")]
    algorithm: &str,
    name: &str,
    email: &str,
    passphrase: &str,
) -> Result<JsValue, JsValue> {
    let key = pgp::generate_key(key_algorithm(algorithm)?, name, email, passphrase)?;
    let out = Object::new();
    Reflect::set(
        &out,
        &"private_armored".into(),
        &key.private_armored.as_str().into(),
    )?;
    Reflect::set(
        &out,
        &"public_armored".into(),
        &key.public_armored.as_str().into(),
    )?;
    Reflect::set(
        &out,
        &"fingerprint".into(),
        &key.fingerprint.as_str().into(),
    )?;
    Ok(out.into())
}

/// Generates a key as `generateKey` does and returns it unlocked, with no passphrase asked:
/// a setup flow uses it at once and exports it with `toLockedArmor(passphrase)`.
#[wasm_bindgen(js_name = generateUnlockedKey)]
pub fn generate_unlocked_key(
    #[wasm_bindgen(unchecked_param_type = "\"curve25519\" | \"rsa3072\" | \"rsa4096\"")]
    algorithm: &str,
    name: &str,
    email: &str,
) -> Result<JsUnlockedKey, JsValue> {
    let key = pgp::generate_unlocked_key(key_algorithm(algorithm)?, name, email)?;
    Ok(JsUnlockedKey::from_inner(key))
}

fn key_algorithm(algorithm: &str) -> Result<KeyAlgorithm, JsValue> {
    Ok(match algorithm {
        "curve25519" => KeyAlgorithm::Curve25519,
        "rsa3072" => KeyAlgorithm::Rsa3072,
        "rsa4096" => KeyAlgorithm::Rsa4096,
        other => {
            return Err(js_sys::TypeError::new(&format!(
                "algorithm must be \"curve25519\", \"rsa3072\" or \"rsa4096\", not {other:?}"
            ))
            .into())
        }
    })
}
