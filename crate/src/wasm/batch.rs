//! Export of batch decryption: one call over a list, one result per item.

use js_sys::{Array, Object};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::pgp::{self, BatchItem, DecryptOptions, Decrypted, PgpError, PublicKey, SessionKey};

use super::crypto::{read_keys, JsUnlockedKey};
use super::node_crypto;
use super::results::{set, set_decrypted};

#[derive(Deserialize)]
pub(super) struct Input {
    pub(super) id: String,
    pub(super) message: String,
    #[serde(default)]
    pub(super) session_key: Option<String>,
}

#[wasm_bindgen(js_class = UnlockedKey)]
impl JsUnlockedKey {
    /// Decrypts a list of `{id, message, session_key?}` items in one call: each with its
    /// session key when given (falling back to this key when that one is stale), else with
    /// this key. Returns one result per item, in order: `{id, ok: true, data, text,
    /// session_key, signatures}` or `{id, ok: false, error: {name, code, message}}`; one bad
    /// item never fails the batch.
    #[wasm_bindgen(js_name = decryptMany, unchecked_return_type = "DecryptManyResult[]")]
    pub fn decrypt_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DecryptManyItem[]")] items: JsValue,
        #[wasm_bindgen(js_name = verificationKeys)] verification_keys: Option<Vec<String>>,
    ) -> Result<JsValue, JsValue> {
        run(items, Some(self), verification_keys)
    }
}

/// As `UnlockedKey.decryptMany`, with the items' session keys only (no private key).
#[wasm_bindgen(js_name = decryptMany, unchecked_return_type = "DecryptManyResult[]")]
pub fn decrypt_many(
    #[wasm_bindgen(unchecked_param_type = "DecryptManyItem[]")] items: JsValue,
    #[wasm_bindgen(js_name = verificationKeys)] verification_keys: Option<Vec<String>>,
) -> Result<JsValue, JsValue> {
    run(items, None, verification_keys)
}

pub(super) fn run(
    items: JsValue,
    key: Option<&JsUnlockedKey>,
    verification_keys: Option<Vec<String>>,
) -> Result<JsValue, JsValue> {
    let inputs: Vec<Input> = serde_wasm_bindgen::from_value(items)
        .map_err(|e| js_sys::TypeError::new(&format!("items: {e}")))?;
    let keys = read_keys(&verification_keys.unwrap_or_default())?;
    let refs: Vec<&PublicKey> = keys.iter().collect();
    let options = DecryptOptions {
        verification_keys: &refs,
        require_signature: false,
    };
    // An item whose session key is not of the ALGO:HEX form fails alone, before decryption.
    let session_keys: Vec<Option<Result<SessionKey, PgpError>>> = inputs
        .iter()
        .map(|i| i.session_key.as_deref().map(SessionKey::parse))
        .collect();
    let mut results: Vec<Option<Result<Decrypted, PgpError>>> = session_keys
        .iter()
        .map(|sk| match sk {
            Some(Err(e)) => Some(Err(e.clone())),
            _ => None,
        })
        .collect();
    let todo: Vec<usize> = (0..inputs.len())
        .filter(|&i| results[i].is_none())
        .collect();
    let batch: Vec<BatchItem<'_>> = todo
        .iter()
        .map(|&i| BatchItem {
            message: &inputs[i].message,
            session_key: session_keys[i].as_ref().and_then(|sk| sk.as_ref().ok()),
        })
        .collect();
    let decrypted = match key {
        // In Node, the X25519 of Curve25519 items by `node:crypto`.
        Some(key) if node_crypto::available() => batch
            .iter()
            .map(|item| key.node().decrypt(item, key.inner(), &options))
            .collect(),
        _ => pgp::decrypt_many(&batch, key.map(JsUnlockedKey::inner), &options),
    };
    for (i, result) in todo.into_iter().zip(decrypted) {
        results[i] = Some(result);
    }
    let out = Array::new();
    for (input, result) in inputs.iter().zip(results) {
        let result = result.unwrap_or(Err(PgpError::NoMatchingKey));
        out.push(&item_to_js(&input.id, result)?);
    }
    Ok(out.into())
}

pub(super) fn item_to_js(
    id: &str,
    result: Result<Decrypted, PgpError>,
) -> Result<JsValue, JsValue> {
    let item = Object::new();
    set(&item, "id", &JsValue::from_str(id))?;
    match result {
        Ok(out) => {
            set(&item, "ok", &JsValue::TRUE)?;
            set_decrypted(&item, &out)?;
        }
        Err(e) => {
            set(&item, "ok", &JsValue::FALSE)?;
            let error = Object::new();
            set(&error, "name", &"PgpError".into())?;
            set(&error, "code", &e.code().into())?;
            set(&error, "message", &e.to_string().into())?;
            set(&item, "error", &error.into())?;
        }
    }
    Ok(item.into())
}
