//! The exported functions.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{envelope, pgp};

use super::errors::serialization_error;

/// Installs the panic hook so that a bug shows a stack in the console (a panic still
/// aborts the instance; every input error is returned as a typed error instead).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Reads one armored OpenPGP public or private key and returns its information: the
/// fields of the server's `/gpgkeys.json` plus validity, user ids and subkeys.
///
/// Throws a `PgpError` (`code`: `EMPTY_INPUT`, `INVALID_ARMOR`, `ARMOR_CHECKSUM`,
/// `NOT_A_KEY`, `MULTIPLE_KEYS`, `MALFORMED_KEY`, `INVALID_USER_ID`, `INPUT_TOO_LARGE`).
#[wasm_bindgen(js_name = keyInfo, unchecked_return_type = "KeyInfo")]
pub fn key_info(armored: &str) -> Result<JsValue, JsValue> {
    to_js(&pgp::key_info(armored)?)
}

/// Checks a user's armored public key against the Passbolt server's strict rules and
/// returns every failed rule with the server's name and message (empty: the server accepts
/// it). Never throws for a bad key: an unreadable key is `isParsableArmoredKeyRule`.
#[wasm_bindgen(js_name = validateUserKey, unchecked_return_type = "KeyRuleViolation[]")]
pub fn validate_user_key(armored: &str) -> Result<JsValue, JsValue> {
    to_js(&pgp::validate_user_key(armored))
}

/// Parses a Passbolt API response from its HTTP status and body text.
///
/// Returns the envelope (check `ok`: an HTTP 200 with `header.status == "error"` is not ok).
/// Throws an `EnvelopeError` (`code`: `EMPTY_BODY`, `HTML_BODY`, `INVALID_JSON`,
/// `NOT_AN_ENVELOPE`) when the body is not an envelope.
#[wasm_bindgen(js_name = parseEnvelope, unchecked_return_type = "Envelope")]
pub fn parse_envelope(http_status: u16, body: &str) -> Result<JsValue, JsValue> {
    to_js(&envelope::parse_envelope(http_status, body)?)
}

/// JSON-compatible conversion: `None` becomes `null`, maps become plain objects.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(serialization_error)
}
