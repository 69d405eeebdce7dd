//! The operations of performance.md done the plain way with rPGP 0.21: what an application
//! calling rPGP directly would write. A benchmark reference only.
#![forbid(unsafe_code)]

use pgp::composed::{Deserializable, Message, PlainSessionKey, SignedPublicKey, SignedSecretKey};
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::types::{KeyDetails, Password};
use wasm_bindgen::prelude::*;

fn err(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// Reads an armored public key and answers its fingerprint (upper-case hex).
#[wasm_bindgen(js_name = parseKeyFingerprint)]
pub fn parse_key_fingerprint(armored: &str) -> Result<String, JsValue> {
    let (key, _) = SignedPublicKey::from_string(armored).map_err(err)?;
    Ok(format!("{:X}", key.primary_key.fingerprint()))
}

/// A secret key with its passphrase removed from every packet (the S2K done once).
#[wasm_bindgen]
pub struct PlainKey {
    key: SignedSecretKey,
}

#[wasm_bindgen]
impl PlainKey {
    /// Reads and unlocks (removes the passphrase of) an armored secret key.
    #[wasm_bindgen(constructor)]
    pub fn new(armored: &str, passphrase: &str) -> Result<PlainKey, JsValue> {
        let (mut key, _) = SignedSecretKey::from_string(armored).map_err(err)?;
        let password = Password::from(passphrase);
        key.primary_key.remove_password(&password).map_err(err)?;
        for sub in &mut key.secret_subkeys {
            sub.key.remove_password(&password).map_err(err)?;
        }
        Ok(PlainKey { key })
    }

    /// Decrypts an armored message to this key; answers the text.
    #[wasm_bindgen(js_name = decryptText)]
    pub fn decrypt_text(&self, armored: &str) -> Result<String, JsValue> {
        let (message, _) = Message::from_string(armored).map_err(err)?;
        let mut inner = message
            .decrypt(&Password::empty(), &self.key)
            .map_err(err)?;
        inner.as_data_string().map_err(err)
    }
}

/// Decrypts an armored message with a known session key (`algo`, raw key bytes).
#[wasm_bindgen(js_name = decryptWithSessionKey)]
pub fn decrypt_with_session_key(armored: &str, algo: u8, key: &[u8]) -> Result<String, JsValue> {
    let (message, _) = Message::from_string(armored).map_err(err)?;
    let mut inner = message
        .decrypt_with_session_key(PlainSessionKey::V3_4 {
            key: key.into(),
            sym_alg: SymmetricKeyAlgorithm::from(algo),
        })
        .map_err(err)?;
    inner.as_data_string().map_err(err)
}
