//! Export of batch decryption: one call over a list, one result per item.

use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::pgp::{self, BatchItem, DecryptOptions, PgpError, PublicKey, SessionKey};

use super::crypto::{read_keys, JsUnlockedKey};
use super::exports::to_js;

#[derive(Deserialize)]
struct Input {
    id: String,
    message: String,
    #[serde(default)]
    session_key: Option<String>,
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

fn run(
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
    let out = Array::new();
    for input in &inputs {
        let result = match input.session_key.as_deref().map(SessionKey::parse) {
            Some(Err(e)) => Err(e),
            Some(Ok(sk)) => one(input, Some(&sk), key, &options),
            None => one(input, None, key, &options),
        };
        out.push(&item_to_js(&input.id, result)?);
    }
    Ok(out.into())
}

fn one(
    input: &Input,
    session_key: Option<&SessionKey>,
    key: Option<&JsUnlockedKey>,
    options: &DecryptOptions<'_>,
) -> Result<pgp::Decrypted, PgpError> {
    let item = BatchItem {
        message: &input.message,
        session_key,
    };
    let unlocked = key.map(|k| k.inner());
    pgp::decrypt_many(std::slice::from_ref(&item), unlocked, options)
        .pop()
        .unwrap_or(Err(PgpError::NoMatchingKey))
}

fn item_to_js(id: &str, result: Result<pgp::Decrypted, PgpError>) -> Result<JsValue, JsValue> {
    let item = Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&item, &JsValue::from_str(key), value);
    set("id", &JsValue::from_str(id))?;
    match result {
        Ok(out) => {
            set("ok", &JsValue::TRUE)?;
            set("data", &Uint8Array::from(out.data.as_slice()).into())?;
            let text = std::str::from_utf8(&out.data).map_or(JsValue::NULL, JsValue::from_str);
            set("text", &text)?;
            set(
                "session_key",
                &JsValue::from_str(&out.session_key.to_passbolt_string()),
            )?;
            set("signatures", &to_js(&out.signatures)?)?;
        }
        Err(e) => {
            set("ok", &JsValue::FALSE)?;
            let error = Object::new();
            Reflect::set(&error, &"name".into(), &"PgpError".into())?;
            Reflect::set(&error, &"code".into(), &e.code().into())?;
            Reflect::set(&error, &"message".into(), &e.to_string().into())?;
            set("error", &error.into())?;
        }
    }
    Ok(item.into())
}
