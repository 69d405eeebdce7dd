//! Export of key generation.

use js_sys::{Object, Promise, Reflect};
use rsa::RsaPrivateKey;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use zeroize::Zeroizing;

use crate::pgp::{self, KeyAlgorithm};

use super::crypto::JsUnlockedKey;
use super::rsa_platform;
use super::unlock_async::subtle;

/// Generates a key the Passbolt server accepts: `"curve25519"` (the extension's ECC option),
/// `"rsa3072"` or `"rsa4096"`, for `name <email>`, locked with `passphrase`. Returns
/// `{private_armored, public_armored, fingerprint}`. In Node the RSA keys are made by
/// `node:crypto`; elsewhere in wasm, which takes seconds (`generateKeyAsync` hands them to
/// WebCrypto).
#[wasm_bindgen(js_name = generateKey, unchecked_return_type = "GeneratedKey")]
pub fn generate_key(
    #[wasm_bindgen(unchecked_param_type = "\"curve25519\" | \"rsa3072\" | \"rsa4096\"")]
    algorithm: &str,
    name: &str,
    email: &str,
    passphrase: &str,
) -> Result<JsValue, JsValue> {
    let mut rsa = rsa_platform::node_generate;
    let key = pgp::generate_key_with(key_algorithm(algorithm)?, name, email, passphrase, &mut rsa)?;
    generated_to_js(&key)
}

/// As `generateKey`, asynchronously: the RSA keys are made by WebCrypto
/// (`crypto.subtle.generateKey`, native, both at once), seconds faster than in wasm in a
/// browser. Resolves to the same object, rejects with the same errors.
#[wasm_bindgen(js_name = generateKeyAsync, unchecked_return_type = "Promise<GeneratedKey>")]
pub fn generate_key_async(
    #[wasm_bindgen(unchecked_param_type = "\"curve25519\" | \"rsa3072\" | \"rsa4096\"")]
    algorithm: String,
    name: String,
    email: String,
    passphrase: String,
) -> Promise {
    let passphrase = Zeroizing::new(passphrase);
    future_to_promise(async move {
        let algorithm = key_algorithm(&algorithm)?;
        let mut rsa = platform_keys(algorithm).await;
        let key = pgp::generate_key_with(algorithm, &name, &email, &passphrase, &mut rsa)?;
        generated_to_js(&key)
    })
}

/// As `generateUnlockedKey`, asynchronously, the RSA keys made by WebCrypto in a browser
/// (see `generateKeyAsync`).
#[wasm_bindgen(
    js_name = generateUnlockedKeyAsync,
    unchecked_return_type = "Promise<UnlockedKey>"
)]
pub fn generate_unlocked_key_async(
    #[wasm_bindgen(unchecked_param_type = "\"curve25519\" | \"rsa3072\" | \"rsa4096\"")]
    algorithm: String,
    name: String,
    email: String,
) -> Promise {
    future_to_promise(async move {
        let algorithm = key_algorithm(&algorithm)?;
        let mut rsa = platform_keys(algorithm).await;
        let key = pgp::generate_unlocked_key_with(algorithm, &name, &email, &mut rsa)?;
        Ok(JsUnlockedKey::from_inner(key).into())
    })
}

/// The RSA source of an asynchronous generation: both RSA keys of `algorithm` made by
/// WebCrypto at the same time (in Node too, where its `generateKey` runs on the thread
/// pool: both keys at once, where `generateKeyPairSync` makes one after the other), then
/// handed out; without WebCrypto, Node's synchronous generator or wasm.
async fn platform_keys(algorithm: KeyAlgorithm) -> Box<dyn FnMut(usize) -> Option<RsaPrivateKey>> {
    let bits = match algorithm {
        KeyAlgorithm::Curve25519 => return Box::new(|_| None),
        KeyAlgorithm::Rsa3072 => 3072,
        KeyAlgorithm::Rsa4096 => 4096,
    };
    let Some(subtle) = subtle() else {
        return Box::new(rsa_platform::node_generate);
    };
    let mut keys = rsa_platform::web_generate(&subtle, bits, 2).await;
    Box::new(move |_| keys.pop().flatten())
}

fn generated_to_js(key: &pgp::GeneratedKey) -> Result<JsValue, JsValue> {
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

/// Generates a key as `generateKey` does (RSA keys by `node:crypto` in Node) and returns it
/// unlocked, with no passphrase asked: a setup flow uses it at once and exports it with
/// `toLockedArmor(passphrase)`.
#[wasm_bindgen(js_name = generateUnlockedKey)]
pub fn generate_unlocked_key(
    #[wasm_bindgen(unchecked_param_type = "\"curve25519\" | \"rsa3072\" | \"rsa4096\"")]
    algorithm: &str,
    name: &str,
    email: &str,
) -> Result<JsUnlockedKey, JsValue> {
    let mut rsa = rsa_platform::node_generate;
    let key = pgp::generate_unlocked_key_with(key_algorithm(algorithm)?, name, email, &mut rsa)?;
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
