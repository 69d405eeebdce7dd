//! Exports of user-id certifications (the extension certifies the metadata key).

use wasm_bindgen::prelude::*;

use crate::pgp::{self, PublicKey};

use super::crypto::{read_keys, JsUnlockedKey};
use super::exports::to_js;

/// Certifies every user id of an armored public key with the unlocked key's primary key and
/// returns that key, armored, with the certifications added.
#[wasm_bindgen(js_name = certifyKey)]
pub fn certify_key(
    #[wasm_bindgen(js_name = armoredKey)] armored_key: &str,
    certifier: &JsUnlockedKey,
) -> Result<String, JsValue> {
    let target = PublicKey::read(armored_key)?;
    Ok(pgp::certify_user_ids(&target, certifier.inner())?)
}

/// Every third-party certification on an armored key's user ids, each checked against the
/// armored certifier keys given.
#[wasm_bindgen(js_name = verifyCertifications, unchecked_return_type = "Certification[]")]
pub fn verify_certifications(
    #[wasm_bindgen(js_name = armoredKey)] armored_key: &str,
    #[wasm_bindgen(js_name = certifierKeys)] certifier_keys: Vec<String>,
) -> Result<JsValue, JsValue> {
    let target = PublicKey::read(armored_key)?;
    let keys = read_keys(&certifier_keys)?;
    let refs: Vec<&PublicKey> = keys.iter().collect();
    to_js(&pgp::verify_certifications(&target, &refs))
}
