//! Exports of detached, inline and cleartext signatures.

use js_sys::Object;
use wasm_bindgen::prelude::*;

use crate::pgp::{self, PublicKey, Verified};

use super::crypto::{bytes_of, read_keys, JsUnlockedKey};
use super::exports::to_js;
use super::results::set_signed_data;

/// A detached signature over text or bytes, armored.
#[wasm_bindgen(js_name = signDetached)]
pub fn sign_detached(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
    key: &JsUnlockedKey,
) -> Result<String, JsValue> {
    Ok(pgp::sign_detached(&bytes_of(&data)?, key.inner())?)
}

/// Checks a detached signature of text or bytes against armored public keys; every
/// signature is returned with `verified` set for those made by one of the keys.
#[wasm_bindgen(js_name = verifyDetached, unchecked_return_type = "SignatureCheck[]")]
pub fn verify_detached(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
    signature: &str,
    #[wasm_bindgen(js_name = verificationKeys)] verification_keys: Vec<String>,
) -> Result<JsValue, JsValue> {
    let keys = read_keys(&verification_keys)?;
    let refs: Vec<&PublicKey> = keys.iter().collect();
    to_js(&pgp::verify_detached(&bytes_of(&data)?, signature, &refs)?)
}

/// A cleartext-signed message (`-----BEGIN PGP SIGNED MESSAGE-----`).
#[wasm_bindgen(js_name = signCleartext)]
pub fn sign_cleartext(text: &str, key: &JsUnlockedKey) -> Result<String, JsValue> {
    Ok(pgp::sign_cleartext(text, key.inner())?)
}

/// Reads a cleartext-signed message and checks its signatures.
#[wasm_bindgen(js_name = verifyCleartext, unchecked_return_type = "VerifyResult")]
pub fn verify_cleartext(
    armored: &str,
    #[wasm_bindgen(js_name = verificationKeys)] verification_keys: Vec<String>,
) -> Result<JsValue, JsValue> {
    let keys = read_keys(&verification_keys)?;
    let refs: Vec<&PublicKey> = keys.iter().collect();
    verified_to_js(pgp::verify_cleartext(armored, &refs)?)
}

/// An inline-signed (not encrypted) message holding text or bytes, armored.
#[wasm_bindgen(js_name = signInline)]
pub fn sign_inline(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
    key: &JsUnlockedKey,
) -> Result<String, JsValue> {
    Ok(pgp::sign_inline(&bytes_of(&data)?, key.inner())?)
}

/// Reads an inline-signed message and checks its signatures.
#[wasm_bindgen(js_name = verifyInline, unchecked_return_type = "VerifyResult")]
pub fn verify_inline(
    armored: &str,
    #[wasm_bindgen(js_name = verificationKeys)] verification_keys: Vec<String>,
) -> Result<JsValue, JsValue> {
    let keys = read_keys(&verification_keys)?;
    let refs: Vec<&PublicKey> = keys.iter().collect();
    verified_to_js(pgp::verify_inline(armored, &refs)?)
}

fn verified_to_js(out: Verified) -> Result<JsValue, JsValue> {
    let result = Object::new();
    set_signed_data(&result, &out.data, &out.signatures)?;
    Ok(result.into())
}
