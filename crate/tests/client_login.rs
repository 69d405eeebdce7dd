//! The client's login flows, natively against the test server (whose OpenPGP side is GnuPG):
//! server verification and pinning, GPGAuth, JWT with refresh, MFA, session check, logout.
// Native only: the test server and ureq do not build for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod client_support;

use client_support::{block_on, client, person, server_fingerprint, start_server};
use passbolt_core::client::{Client, ClientError, ClientOptions};
use passbolt_core::protocol::auth::{AuthError, MfaProvider, SessionStatus};

#[test]
fn verify_server_pins_on_first_use_and_then_reports_pinned() {
    let server = start_server();
    let client = client(&server);
    let ada = person("ada");
    let first = block_on(client.verify_server(&ada.fingerprint)).unwrap();
    assert_eq!(first.fingerprint, server_fingerprint());
    assert!(first.first_use);
    assert_eq!(client.server_fingerprint(), Some(server_fingerprint()));
    let again = block_on(client.verify_server(&ada.fingerprint)).unwrap();
    assert!(!again.first_use);
}

#[test]
fn a_different_pinned_key_is_refused_before_login() {
    let server = start_server();
    let options = ClientOptions {
        server_fingerprint: Some("0123456789ABCDEF0123456789ABCDEF01234567".into()),
    };
    let client = Client::new(server.url(), client_support::UreqTransport::new(), options).unwrap();
    let ada = person("ada");
    let error = block_on(client.login(&ada.key)).unwrap_err();
    assert_eq!(error.code(), "SERVER_KEY_CHANGED");
    assert!(matches!(
        error,
        ClientError::Auth(AuthError::ServerKeyChanged { ref presented, .. }) if *presented == server_fingerprint()
    ));
    assert_eq!(client.user_id(), None);
}

#[test]
fn gpgauth_login_for_each_key_shape_then_logout() {
    let server = start_server();
    for name in ["ada", "betty", "carol"] {
        let who = person(name);
        let client = client(&server);
        assert_eq!(
            block_on(client.session_status()).unwrap(),
            SessionStatus::LoggedOut
        );
        let info = block_on(client.login(&who.key)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(info.user_id, who.user_id, "{name}");
        assert_eq!(info.server_fingerprint, server_fingerprint());
        assert_eq!(
            block_on(client.session_status()).unwrap(),
            SessionStatus::LoggedIn
        );
        block_on(client.logout()).unwrap();
        assert_eq!(client.user_id(), None);
        assert_eq!(
            block_on(client.session_status()).unwrap(),
            SessionStatus::LoggedOut
        );
    }
}

#[test]
fn jwt_login_refreshes_before_expiry_and_logs_out() {
    for name in ["ada", "betty"] {
        // A server each: the test moves its clock.
        let server = start_server();
        let who = person(name);
        let transport = client_support::UreqTransport::new();
        let skew = transport.skew.clone();
        let client = Client::new(server.url(), transport, ClientOptions::default()).unwrap();
        let info = block_on(client.login_jwt(&who.key, &who.user_id))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(info.user_id, who.user_id);
        assert_eq!(
            block_on(client.session_status()).unwrap(),
            SessionStatus::LoggedIn
        );
        // The access token lives 5 minutes: 6 minutes on, both clocks agree it has expired,
        // and the next call refreshes it first.
        server.clock().advance(360);
        skew.set(skew.get() + 360);
        assert_eq!(
            block_on(client.session_status()).unwrap(),
            SessionStatus::LoggedIn
        );
        block_on(client.logout()).unwrap();
        assert_eq!(
            block_on(client.session_status()).unwrap(),
            SessionStatus::LoggedOut
        );
    }
}

#[test]
fn mfa_is_required_after_login_then_totp_completes_it() {
    let server = start_server();
    let dame = person("dame");
    let client = client(&server);
    let error = block_on(client.login(&dame.key)).unwrap_err();
    assert_eq!(error.code(), "MFA_REQUIRED");
    assert!(matches!(
        error,
        ClientError::MfaRequired { ref providers } if providers.contains(&MfaProvider::Totp)
    ));
    let code = passbolt_test_server::totp::code(
        dame.totp_secret.as_deref().unwrap(),
        server.clock().now(),
    )
    .unwrap();
    assert_eq!(
        block_on(client.verify_totp("12", false))
            .unwrap_err()
            .code(),
        "INVALID_TOTP_CODE"
    );
    block_on(client.verify_totp(&code, false)).unwrap();
    assert_eq!(
        block_on(client.session_status()).unwrap(),
        SessionStatus::LoggedIn
    );
}

#[test]
fn bad_urls_and_options_are_typed_errors() {
    let transport = client_support::UreqTransport::new();
    let error = Client::new(
        "passbolt.example.com",
        transport.clone(),
        ClientOptions::default(),
    )
    .err()
    .unwrap();
    assert_eq!(error.code(), "INVALID_URL");
    let options = ClientOptions {
        server_fingerprint: Some("not hex".into()),
    };
    let error = Client::new("https://example.com", transport, options)
        .err()
        .unwrap();
    assert_eq!(error.code(), "INVALID_FINGERPRINT");
}

#[test]
fn an_unreachable_server_is_a_network_error() {
    let server = start_server();
    let url = server.url().to_owned();
    server.stop();
    let client = Client::new(
        &url,
        client_support::UreqTransport::new(),
        ClientOptions::default(),
    )
    .unwrap();
    let error = block_on(client.login(&person("ada").key)).unwrap_err();
    assert_eq!(error.code(), "NETWORK");
}
