//! The plain JS objects the decrypt and verify exports return.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::JsValue;

use crate::pgp::{Decrypted, SignatureCheck};

use super::exports::to_js;

/// The property names of the result objects. `decryptMany` sets six of them on each of
/// thousands of items, and each `JsValue::from_str` is a call into JS and a UTF-8 decode.
const NAMES: [&str; 10] = [
    "id",
    "ok",
    "data",
    "text",
    "signatures",
    "session_key",
    "error",
    "name",
    "code",
    "message",
];

thread_local! {
    /// [`NAMES`] as JS strings, made once.
    static JS_NAMES: Vec<JsValue> = NAMES.iter().map(|name| JsValue::from_str(name)).collect();
}

/// Sets `key` on `target`.
pub(crate) fn set(target: &Object, key: &str, value: &JsValue) -> Result<(), JsValue> {
    match NAMES.iter().position(|name| *name == key) {
        Some(index) => JS_NAMES.with(|names| Reflect::set(target, &names[index], value)),
        None => Reflect::set(target, &JsValue::from_str(key), value),
    }
    .map(|_| ())
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
