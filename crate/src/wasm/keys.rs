//! Exports of public keys read once: the `PublicKey` handle and the `Keyring`.

use wasm_bindgen::prelude::*;

use crate::pgp;

use super::crypto::{bytes_of, JsUnlockedKey};
use super::exports::to_js;

/// A public key read once; its self-signatures are verified on first use.
#[wasm_bindgen(js_name = PublicKey)]
pub struct JsPublicKey {
    inner: pgp::PublicKey,
}

#[wasm_bindgen(js_class = PublicKey)]
impl JsPublicKey {
    /// The primary key fingerprint (40 upper-case hex digits).
    #[wasm_bindgen(getter)]
    pub fn fingerprint(&self) -> String {
        self.inner.fingerprint()
    }

    /// The key's information (the `/gpgkeys.json` fields and more), judged now.
    #[wasm_bindgen(unchecked_return_type = "KeyInfo")]
    pub fn info(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.info()?)
    }

    /// The key, armored.
    pub fn armor(&self) -> Result<String, JsValue> {
        Ok(self.inner.to_armored()?)
    }
}

/// Reads one armored public key (a private key gives its public part). Throws a `PgpError`
/// with a key-reading code.
#[wasm_bindgen(js_name = readKey)]
pub fn read_key(armored: &str) -> Result<JsPublicKey, JsValue> {
    Ok(JsPublicKey {
        inner: pgp::PublicKey::read(armored)?,
    })
}

/// Public keys kept by fingerprint inside wasm, read once and used for many operations.
#[wasm_bindgen(js_name = Keyring)]
#[derive(Default)]
pub struct JsKeyring {
    inner: pgp::Keyring,
}

#[wasm_bindgen(js_class = Keyring)]
impl JsKeyring {
    /// An empty keyring.
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsKeyring {
        JsKeyring::default()
    }

    /// Reads an armored key and keeps it (replacing one with the same fingerprint); returns
    /// its fingerprint. Throws a `PgpError` with a key-reading code; the keyring is then
    /// unchanged.
    pub fn add(&mut self, armored: &str) -> Result<String, JsValue> {
        Ok(self.inner.add(armored)?)
    }

    /// True when a key with this fingerprint is kept (any case).
    pub fn has(&self, fingerprint: &str) -> bool {
        self.inner.get(fingerprint).is_some()
    }

    /// Removes the key with this fingerprint; true when there was one.
    pub fn remove(&mut self, fingerprint: &str) -> bool {
        self.inner.remove(fingerprint)
    }

    /// The number of keys.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.len()
    }

    /// The fingerprints of the keys, in the order they were added.
    pub fn fingerprints(&self) -> Vec<String> {
        self.inner.fingerprints()
    }

    /// Encrypts text or bytes to the keys with these fingerprints (one PKESK each): SEIPDv1,
    /// AES-256, uncompressed, armored. Throws a `PgpError`: `UNKNOWN_KEY`,
    /// `UNUSABLE_RECIPIENT` (naming the key).
    pub fn encrypt(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
        fingerprints: Vec<String>,
    ) -> Result<String, JsValue> {
        self.encrypt_with(&data, &fingerprints, None)
    }

    /// As `encrypt`, signed by `signer` (which stays usable afterwards); also throws
    /// `UNUSABLE_SIGNER`.
    #[wasm_bindgen(js_name = encryptSigned)]
    pub fn encrypt_signed(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
        fingerprints: Vec<String>,
        signer: &JsUnlockedKey,
    ) -> Result<String, JsValue> {
        self.encrypt_with(&data, &fingerprints, Some(signer.inner()))
    }
}

impl JsKeyring {
    fn encrypt_with(
        &self,
        data: &JsValue,
        fingerprints: &[String],
        signer: Option<&pgp::UnlockedKey>,
    ) -> Result<String, JsValue> {
        let bytes = bytes_of(data)?;
        let wanted: Vec<&str> = fingerprints.iter().map(String::as_str).collect();
        let recipients = self.inner.select(&wanted)?;
        Ok(pgp::encrypt(&bytes, &recipients, signer)?)
    }
}
