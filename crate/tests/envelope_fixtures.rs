//! Envelope parsing against the Passbolt-shaped responses of `tests/vectors/fixtures/api`
//! and against what proxies and broken servers send instead.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::files::{vector, vector_path};
use passbolt_core::envelope::{parse_envelope, EnvelopeError, HeaderStatus, ValidationError};

fn fixture(name: &str) -> String {
    vector(&format!("fixtures/api/{name}"))
}

fn item(path: &str, rule: &str, message: &str) -> ValidationError {
    ValidationError {
        path: path.into(),
        rule: rule.into(),
        message: message.into(),
    }
}

#[test]
fn every_response_fixture_parses_with_its_header() {
    let dir = vector_path("fixtures/api");
    let mut parsed = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures/api") {
        let path = entry.expect("dir entry").path();
        let text = std::fs::read_to_string(&path).expect("fixture text");
        let json: serde_json::Value = serde_json::from_str(&text).expect("fixture JSON");
        let Some(header) = json.get("header") else {
            // Request bodies and the envelope-less jwks.json are not envelopes.
            let err = parse_envelope(200, &text).unwrap_err();
            assert_eq!(err.code(), "NOT_AN_ENVELOPE", "{}", path.display());
            continue;
        };
        let code = header["code"].as_u64().expect("header.code") as u16;
        let env = parse_envelope(code, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(env.header.id, header["id"].as_str().unwrap());
        assert_eq!(env.header.message, header["message"].as_str().unwrap());
        assert_eq!(env.header.url, header["url"].as_str().unwrap());
        assert_eq!(env.header.action, header["action"].as_str().unwrap());
        assert_eq!(i64::from(env.header.code), header["code"].as_i64().unwrap());
        assert_eq!(
            env.header.servertime,
            header["servertime"].as_i64().unwrap()
        );
        assert_eq!(env.ok, header["status"] == "success", "{}", path.display());
        assert_eq!(env.body, json["body"]);
        parsed += 1;
    }
    assert!(parsed >= 20, "only {parsed} envelopes parsed");
}

#[test]
fn validation_tree_is_flattened_into_path_rule_message_items() {
    let env = parse_envelope(400, &fixture("error_400_validation_resource.json")).unwrap();
    assert!(!env.ok);
    assert_eq!(env.header.status, HeaderStatus::Error);
    assert_eq!(env.header.message, "Could not validate resource data.");
    assert_eq!(
        env.validation_errors,
        vec![
            item("name", "_empty", "The name should not be empty."),
            item(
                "secrets.0.data",
                "isValidOpenPGPMessage",
                "The message should be a valid ASCII-armored OpenPGP message."
            ),
        ]
    );
}

#[test]
fn gpgauth_stage1_http_200_with_error_status_is_an_error_envelope() {
    let env = parse_envelope(200, &fixture("auth_login_stage1_body.json")).unwrap();
    assert!(!env.ok && env.is_error());
    assert_eq!(env.header.message, "The authentication failed.");
    assert_eq!(env.body, serde_json::Value::Null);
    assert!(env.validation_errors.is_empty());
}

#[test]
fn pagination_is_read_with_a_null_limit() {
    let env = parse_envelope(200, &fixture("resources_index.json")).unwrap();
    let pagination = env.header.pagination.expect("pagination");
    assert_eq!(
        (pagination.count, pagination.page, pagination.limit),
        (3, 1, None)
    );
    assert!(env.ok);
    assert_eq!(env.body.as_array().map(Vec::len), Some(3));
}

#[test]
fn mfa_403_keeps_its_providers_in_the_body_not_as_validation_errors() {
    let env = parse_envelope(403, &fixture("mfa_verify_error_403.json")).unwrap();
    assert!(!env.ok);
    assert_eq!(env.header.url, "/mfa/verify/error.json");
    assert!(env.validation_errors.is_empty());
    assert_eq!(env.body["mfa_providers"][0], "totp");
}

#[test]
fn http_error_status_with_success_header_is_not_ok() {
    let text = fixture("auth_is_authenticated.json");
    assert!(parse_envelope(200, &text).unwrap().ok);
    assert!(!parse_envelope(500, &text).unwrap().ok);
}

#[test]
fn proxy_and_broken_bodies_are_typed_errors() {
    let html = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>";
    let cases: &[(u16, &str, EnvelopeError)] = &[
        (502, html, EnvelopeError::Html { http_status: 502 }),
        (504, "  \n<html>", EnvelopeError::Html { http_status: 504 }),
        (502, "", EnvelopeError::EmptyBody { http_status: 502 }),
        (200, " \r\n ", EnvelopeError::EmptyBody { http_status: 200 }),
        (
            200,
            "{\"header\": {\"status\": \"succ",
            EnvelopeError::InvalidJson {
                http_status: 200,
                line: 1,
                column: 27,
            },
        ),
    ];
    for (status, body, expected) in cases {
        assert_eq!(
            &parse_envelope(*status, body).unwrap_err(),
            expected,
            "{body:?}"
        );
    }
}

#[test]
fn json_that_is_not_an_envelope_names_what_is_wrong() {
    for (body, needle) in [
        ("[1, 2]", "not an object"),
        ("{\"body\": []}", "no \"header\""),
        ("{\"header\": 3, \"body\": []}", "not an object"),
        ("{\"header\": {\"status\": \"maybe\"}}", "unknown variant"),
        (
            "{\"header\": {\"status\": \"success\", \"message\": \"m\", \"code\": 200}}",
            "servertime",
        ),
        ("\"just a string\"", "not an object"),
    ] {
        let err = parse_envelope(200, body).unwrap_err();
        assert_eq!(err.code(), "NOT_AN_ENVELOPE", "{body}");
        assert!(err.to_string().contains(needle), "{body}: {err}");
    }
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let body = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        parse_envelope(400, &body).unwrap_err().code(),
        "INVALID_JSON"
    );
}

#[test]
fn a_byte_order_mark_is_tolerated() {
    let text = format!("\u{feff}{}", fixture("error_404.json"));
    let env = parse_envelope(404, &text).unwrap();
    assert_eq!(env.header.message, "The resource does not exist.");
}
