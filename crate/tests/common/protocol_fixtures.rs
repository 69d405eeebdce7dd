//! Responses and keys of `tests/vectors/fixtures` for the protocol suites.

use passbolt_core::pgp::{PublicKey, UnlockedKey};
use passbolt_core::protocol::http::Response;
use serde_json::Value;

use super::files::vector;

pub const ADA: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a01";
pub const BETTY: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a02";
pub const SHARED_RESOURCE: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a31";
pub const PERSONAL_RESOURCE: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a32";
pub const V4_RESOURCE: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a33";

/// The text of a file below `fixtures/`.
pub fn fixture_text(path: &str) -> String {
    vector(&format!("fixtures/{path}"))
}

/// A JSON file below `fixtures/`.
pub fn fixture_json(path: &str) -> Value {
    serde_json::from_str(&fixture_text(path)).expect("fixture JSON")
}

/// A response whose body is a file below `fixtures/`, with any status.
pub fn fixture_response(status: u16, path: &str) -> Response {
    raw_response(status, &fixture_text(path))
}

/// A JSON file of `fixtures/api`.
pub fn api_json(name: &str) -> Value {
    serde_json::from_str(&vector(&format!("fixtures/api/{name}"))).expect("fixture JSON")
}

/// A JSON file of `fixtures/crypto`.
pub fn crypto_json(name: &str) -> Value {
    serde_json::from_str(&vector(&format!("fixtures/crypto/{name}"))).expect("fixture JSON")
}

/// An envelope as a response, with the HTTP status of its `header.code`.
pub fn response_of(envelope: &Value) -> Response {
    let status = envelope["header"]["code"].as_u64().unwrap_or(200) as u16;
    raw_response(status, &envelope.to_string())
}

/// A response with any body.
pub fn raw_response(status: u16, body: &str) -> Response {
    Response {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.into(),
    }
}

/// The response of a file of `fixtures/api`.
pub fn api_response(name: &str) -> Response {
    response_of(&api_json(name))
}

/// A success envelope around `body`.
pub fn success(url: &str, servertime: i64, body: Value) -> Response {
    response_of(&serde_json::json!({
        "header": {
            "id": "11111111-2222-4333-8444-555555555555",
            "status": "success",
            "servertime": servertime,
            "action": "00000000-0000-0000-0000-000000000000",
            "message": "The operation was successful.",
            "url": url,
            "code": 200
        },
        "body": body
    }))
}

fn key_entry(name: &str) -> Value {
    serde_json::from_str::<Value>(&vector("fixtures/keys/keys.json")).expect("keys.json")[name]
        .clone()
}

/// A fixture user's unlocked private key (`ada`, `betty`, `metadata`).
pub fn unlocked(name: &str) -> UnlockedKey {
    let entry = key_entry(name);
    let armored = vector(&format!(
        "fixtures/keys/{}",
        entry["private"].as_str().expect("private")
    ));
    UnlockedKey::unlock(&armored, entry["passphrase"].as_str().unwrap_or(""))
        .expect("unlock fixture key")
}

/// A fixture user's public key.
pub fn public(name: &str) -> PublicKey {
    let entry = key_entry(name);
    PublicKey::read(&vector(&format!(
        "fixtures/keys/{}",
        entry["public"].as_str().expect("public")
    )))
    .expect("read fixture key")
}
