//! The plain JS objects the decrypt and verify exports return.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::JsValue;

use crate::pgp::{Decrypted, SignatureCheck};

use super::exports::to_js;

/// Sets `key` on `target`.
pub(crate) fn set(target: &Object, key: &str, value: &JsValue) -> Result<(), JsValue> {
    Reflect::set(target, &JsValue::from_str(key), value).map(|_| ())
}

/// `data` (a `Uint8Array`), `text` (the data when it is UTF-8, else null) and `signatures`.
pub(crate) fn set_signed_data(
    target: &Object,
    data: &[u8],
    signatures: &[SignatureCheck],
) -> Result<(), JsValue> {
    set(target, "data", &Uint8Array::from(data).into())?;
    let text = std::str::from_utf8(data).map_or(JsValue::NULL, JsValue::from_str);
    set(target, "text", &text)?;
    set(target, "signatures", &to_js(&signatures)?)
}

/// A `DecryptResult`'s fields: the signed data's and Passbolt's `session_key`.
pub(crate) fn set_decrypted(target: &Object, out: &Decrypted) -> Result<(), JsValue> {
    set_signed_data(target, &out.data, &out.signatures)?;
    let session_key = out.session_key.to_passbolt_string();
    set(target, "session_key", &JsValue::from_str(&session_key))
}
