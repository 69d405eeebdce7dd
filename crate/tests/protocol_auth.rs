//! Authentication flows against a scripted fake server: GPGAuth stages 0-2, the session, CSRF,
//! and JWT login/refresh/logout. The fake server does its private-key work with the `pgp`
//! layer and the fixture server key; the fixtures of `tests/vectors/fixtures` (made by GnuPG
//! 2.2 and OpenPGP.js) are checked exactly. Every failure asserts the exact typed error and
//! that no secret leaks into its message or Debug output.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::sync::OnceLock;

use common::files::vector;
use passbolt_core::envelope::EnvelopeError;
use passbolt_core::pgp::{
    decrypt, encrypt, DecryptOptions, DecryptWith, PgpError, PublicKey, UnlockedKey,
};
use passbolt_core::protocol::auth::csrf::{csrf_token_request, parse_csrf_token, CSRF_HEADER};
use passbolt_core::protocol::auth::gpgauth::{
    HEADER_AUTHENTICATED, HEADER_PROGRESS, HEADER_REFER, HEADER_USER_AUTH_TOKEN,
    HEADER_VERIFY_RESPONSE, HEADER_VERSION,
};
use passbolt_core::protocol::auth::header_encoding::{
    decode_user_auth_token, encode_user_auth_token,
};
use passbolt_core::protocol::auth::jwks::{
    jwks_request, parse_jwks, parse_rsa_key, rsa_key_request,
};
use passbolt_core::protocol::auth::jwt::{self, DEFAULT_CHALLENGE_LIFETIME};
use passbolt_core::protocol::auth::server_key::server_key_request;
use passbolt_core::protocol::auth::session::{
    is_authenticated_request, logout_request, parse_is_authenticated, parse_logout,
};
use passbolt_core::protocol::auth::{
    AccessToken, AuthError, CookieJar, GpgAuthStage, GpgAuthToken, JwtKey, JwtKeySet, JwtLogin,
    LoginChallenge, MfaProvider, RefreshToken, ServerKey, ServerKeyPin, ServerTrust, SessionStatus,
    Stage0, Stage1, TokenDefect,
};
use passbolt_core::protocol::http::{Method, Request, Response};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Fixtures

const SERVER_FINGERPRINT: &str = "63F6B14F4D6401F4EC13697D75113C6FC52E8151";
const ADA_FINGERPRINT: &str = "A666D519FB17EDA844AF7F1B09D7E972478529D7";
const ADA_ID: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a01";
const ADA_PASSPHRASE: &str = "ada-fixture-passphrase";
const BETTY_PASSPHRASE: &str = "betty-fixture-passphrase";
const DOMAIN: &str = "https://passbolt.fixture.test";
/// `header.servertime` of the fixtures: the JWT fixtures expire 300 s later.
const NOW: i64 = 1_795_342_586;
const CSRF: &str = "9c1185a5c5e9fc54612808977ee8f548b2258d31";

fn text(path: &str) -> String {
    vector(&format!("fixtures/{path}"))
}

fn json_fixture(path: &str) -> Value {
    serde_json::from_str(&text(path)).expect("fixture JSON")
}

fn gpgauth_fixture() -> &'static Value {
    static F: OnceLock<Value> = OnceLock::new();
    F.get_or_init(|| json_fixture("crypto/gpgauth.json"))
}

fn jwt_fixture() -> &'static Value {
    static F: OnceLock<Value> = OnceLock::new();
    F.get_or_init(|| json_fixture("crypto/jwt.json"))
}

fn field<'a>(value: &'a Value, name: &str) -> &'a str {
    value[name]
        .as_str()
        .unwrap_or_else(|| panic!("fixture field {name}"))
}

fn ada() -> &'static UnlockedKey {
    static K: OnceLock<UnlockedKey> = OnceLock::new();
    K.get_or_init(|| UnlockedKey::unlock(&text("keys/ada_private.asc"), ADA_PASSPHRASE).unwrap())
}

fn betty() -> &'static UnlockedKey {
    static K: OnceLock<UnlockedKey> = OnceLock::new();
    K.get_or_init(|| {
        UnlockedKey::unlock(&text("keys/betty_private.asc"), BETTY_PASSPHRASE).unwrap()
    })
}

fn server_private() -> &'static UnlockedKey {
    static K: OnceLock<UnlockedKey> = OnceLock::new();
    K.get_or_init(|| UnlockedKey::unlock(&text("keys/server_private.asc"), "").unwrap())
}

fn server_key() -> ServerKey {
    ServerKey::from_response(&response(200, &[], &text("api/auth_verify_get.json"))).unwrap()
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
    Response {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
            .collect(),
        body: body.into(),
    }
}

fn body_json(request: &Request) -> Value {
    serde_json::from_str(request.body.as_deref().expect("request body")).expect("JSON body")
}

/// The secrets of these tests: none may appear in an error's message or Debug output.
fn secrets() -> Vec<String> {
    let g = gpgauth_fixture();
    let j = jwt_fixture();
    let reply = &j["response_challenge_cleartext"];
    vec![
        ADA_PASSPHRASE.into(),
        BETTY_PASSPHRASE.into(),
        CSRF.into(),
        field(g, "server_verify_token_cleartext").into(),
        field(g, "user_auth_token_cleartext").into(),
        "7bfe4f1a-2cd2-41bc-b8af-4ca78f0af8d3".into(),
        field(reply, "access_token").into(),
        field(reply, "refresh_token").into(),
        field(reply, "verify_token").into(),
        "passbolt-session-secret".into(),
    ]
}

/// Asserts the exact error, and that it shows no secret.
#[track_caller]
fn assert_error<T: std::fmt::Debug>(result: Result<T, AuthError>, expected: AuthError) {
    let err = result.expect_err("an error");
    assert_eq!(err, expected);
    assert_no_secret(&format!("{err} {err:?}"));
}

#[track_caller]
fn assert_no_secret(shown: &str) {
    for secret in secrets() {
        assert!(!shown.contains(&secret), "secret in {shown}");
    }
}

// ---------------------------------------------------------------------------------------------
// The fake server

const GPGAUTH_COMMON: [(&str, &str); 5] = [
    ("X-GPGAuth-Version", "1.3.0"),
    ("X-GPGAuth-Login-URL", "/auth/login"),
    ("X-GPGAuth-Logout-URL", "/auth/logout"),
    ("X-GPGAuth-Verify-URL", "/auth/verify"),
    ("X-GPGAuth-Pubkey-URL", "/auth/verify.json"),
];

/// A GPGAuth answer: the common headers, then the stage's.
fn gpgauth_response(stage: &[(&str, &str)], body: &str) -> Response {
    let mut headers: Vec<(&str, &str)> = GPGAUTH_COMMON.to_vec();
    headers.extend_from_slice(stage);
    response(200, &headers, body)
}

fn stage01_body() -> String {
    text("api/auth_login_stage1_body.json")
}

/// What the server answers to stage 0: it decrypts the token with its key and echoes it.
fn server_stage0(request: &Request) -> Response {
    assert_eq!(request.method, Method::Post);
    assert_eq!(request.path, "/auth/verify.json");
    let body = body_json(request);
    assert_eq!(body["gpg_auth"]["keyid"], ADA_FINGERPRINT);
    let armored = body["gpg_auth"]["server_verify_token"].as_str().unwrap();
    let clear = decrypt(
        armored,
        DecryptWith::Key(server_private()),
        &DecryptOptions::default(),
    )
    .expect("the server decrypts the verify token");
    assert!(clear.signatures.is_empty(), "stage 0 tokens are not signed");
    let token = String::from_utf8(clear.data.to_vec()).unwrap();
    GpgAuthToken::parse(&token).expect("the server's nonce check");
    gpgauth_response(
        &[
            ("X-GPGAuth-Authenticated", "false"),
            ("X-GPGAuth-Progress", "stage0"),
            ("X-GPGAuth-Verify-Response", &token),
        ],
        &stage01_body(),
    )
}

/// A stage-1 answer carrying `clear`, encrypted for `recipient` and signed by `signer`, encoded
/// as PHP does.
fn server_stage1_with(
    clear: &str,
    recipient: &PublicKey,
    signer: Option<&UnlockedKey>,
) -> Response {
    let armored = encrypt(clear.as_bytes(), &[recipient], signer).unwrap();
    let encoded = encode_user_auth_token(&armored);
    gpgauth_response(
        &[
            ("X-GPGAuth-Authenticated", "false"),
            ("X-GPGAuth-Progress", "stage1"),
            ("X-GPGAuth-User-Auth-Token", &encoded),
        ],
        &stage01_body(),
    )
}

const FRESH_LOGIN_TOKEN: &str =
    "gpgauthv1.3.0|36|6f0d0d7e-3c1b-4b9e-8a55-3a6a3c0f7e21|gpgauthv1.3.0";

fn server_stage1() -> Response {
    server_stage1_with(
        FRESH_LOGIN_TOKEN,
        ada().public_key(),
        Some(server_private()),
    )
}

fn fixture_stage1() -> Response {
    let encoded = field(gpgauth_fixture(), "x_gpgauth_user_auth_token_header_value");
    gpgauth_response(
        &[
            ("X-GPGAuth-Authenticated", "false"),
            ("X-GPGAuth-Progress", "stage1"),
            ("X-GPGAuth-User-Auth-Token", encoded),
        ],
        &stage01_body(),
    )
}

fn server_complete() -> Response {
    let mut r = gpgauth_response(
        &[
            ("X-GPGAuth-Authenticated", "true"),
            ("X-GPGAuth-Progress", "complete"),
            ("X-GPGAuth-Refer", "/"),
        ],
        &text("api/auth_login_stage2_body.json"),
    );
    r.headers.push((
        "set-cookie".into(),
        "passbolt_session=passbolt-session-secret; path=/; secure; HttpOnly; SameSite=Lax".into(),
    ));
    r
}

fn without(mut r: Response, header: &str) -> Response {
    r.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(header));
    r
}

fn with(mut r: Response, header: &str, value: &str) -> Response {
    r = without(r, header);
    r.headers.push((header.to_ascii_lowercase(), value.into()));
    r
}

fn rng() -> StdRng {
    StdRng::seed_from_u64(2024)
}

fn start_stage0(pinned: Option<&ServerKeyPin>) -> (Stage0, Request) {
    Stage0::start(ADA_FINGERPRINT, &server_key(), pinned, &mut rng()).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Server key: /auth/verify.json

#[test]
fn verify_json_fixture_gives_the_server_key_and_fingerprint() {
    let key = server_key();
    assert_eq!(key.fingerprint(), SERVER_FINGERPRINT);
    assert_eq!(key.public_key().fingerprint(), SERVER_FINGERPRINT);
    assert!(key
        .armored()
        .starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
    let request = server_key_request();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Get, "/auth/verify.json")
    );
}

#[test]
fn verify_json_declaring_another_fingerprint_is_refused() {
    let mut json = json_fixture("api/auth_verify_get.json");
    json["body"]["fingerprint"] = ADA_FINGERPRINT.into();
    assert_error(
        ServerKey::from_response(&response(200, &[], &json.to_string())),
        AuthError::ServerKeyMismatch {
            declared: ADA_FINGERPRINT.into(),
            actual: SERVER_FINGERPRINT.into(),
        },
    );
}

#[test]
fn verify_json_without_keydata_or_with_a_broken_key_is_refused() {
    let mut json = json_fixture("api/auth_verify_get.json");
    json["body"]["keydata"] = Value::Null;
    assert_error(
        ServerKey::from_response(&response(200, &[], &json.to_string())),
        AuthError::UnexpectedBody {
            endpoint: "/auth/verify.json",
            reason: "the body has no \"keydata\" string",
        },
    );
    json["body"]["keydata"] =
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----\n".into();
    let err = ServerKey::from_response(&response(200, &[], &json.to_string())).unwrap_err();
    assert!(
        matches!(
            err,
            AuthError::Crypto {
                operation: "read the server's public key",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn verify_json_html_page_is_an_envelope_error() {
    assert_error(
        ServerKey::from_response(&response(200, &[], "<!DOCTYPE html><html>Portal</html>")),
        AuthError::Envelope(EnvelopeError::Html { http_status: 200 }),
    );
}

#[test]
fn server_key_pin_first_use_then_pinned_then_changed() {
    let key = server_key();
    let first = key.check_pin(None).unwrap();
    assert_eq!(
        first,
        ServerTrust::FirstUse(ServerKeyPin::new(SERVER_FINGERPRINT).unwrap())
    );
    let pin = first.pin().clone();
    assert_eq!(key.check_pin(Some(&pin)).unwrap(), ServerTrust::Pinned(pin));
    let other = ServerKeyPin::new(ADA_FINGERPRINT).unwrap();
    assert_error(
        key.check_pin(Some(&other)),
        AuthError::ServerKeyChanged {
            pinned: ADA_FINGERPRINT.into(),
            presented: SERVER_FINGERPRINT.into(),
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Stage 0

#[test]
fn stage0_round_trip_yields_the_fingerprint_to_confirm() {
    let (stage0, request) = start_stage0(None);
    assert_eq!(request.path_and_query(), "/auth/verify.json?api-version=v2");
    let trust = stage0.finish(&server_stage0(&request)).unwrap();
    assert_eq!(
        trust,
        ServerTrust::FirstUse(ServerKeyPin::new(SERVER_FINGERPRINT).unwrap())
    );
}

#[test]
fn stage0_round_trip_with_the_pinned_key() {
    let pin = ServerKeyPin::new(SERVER_FINGERPRINT).unwrap();
    let (stage0, request) = start_stage0(Some(&pin));
    assert_eq!(
        stage0.finish(&server_stage0(&request)).unwrap(),
        ServerTrust::Pinned(pin)
    );
}

#[test]
fn stage0_fixture_verify_token_decrypts_with_the_server_key() {
    let g = gpgauth_fixture();
    let clear = decrypt(
        field(g, "server_verify_token_encrypted"),
        DecryptWith::Key(server_private()),
        &DecryptOptions::default(),
    )
    .unwrap();
    assert_eq!(
        &clear.data[..],
        field(g, "server_verify_token_cleartext").as_bytes()
    );
    assert!(clear.signatures.is_empty());
    let token = GpgAuthToken::parse(field(g, "server_verify_token_cleartext")).unwrap();
    assert_eq!(token.nonce(), "20bea022-d302-4e08-999a-c8258d68c1c0");
}

#[test]
fn stage0_changed_server_key_is_refused_before_anything_is_sent() {
    let pinned = ServerKeyPin::new("0000000000000000000000000000000000000000").unwrap();
    assert_error(
        Stage0::start(ADA_FINGERPRINT, &server_key(), Some(&pinned), &mut rng()),
        AuthError::ServerKeyChanged {
            pinned: "0000000000000000000000000000000000000000".into(),
            presented: SERVER_FINGERPRINT.into(),
        },
    );
}

#[test]
fn stage0_bad_user_fingerprint_is_refused() {
    assert_error(
        Stage0::start("A666D519", &server_key(), None, &mut rng()),
        AuthError::InvalidFingerprint,
    );
}

#[test]
fn stage0_wrong_verify_token_echoed_is_refused() {
    let (stage0, request) = start_stage0(None);
    let honest = server_stage0(&request);
    // A server that cannot decrypt echoes some other well-formed token (here: the fixture's).
    let lying = with(
        honest,
        HEADER_VERIFY_RESPONSE,
        field(gpgauth_fixture(), "server_verify_token_cleartext"),
    );
    assert_error(stage0.finish(&lying), AuthError::VerifyTokenMismatch);
}

#[test]
fn stage0_headers_missing_or_contradictory_are_refused() {
    let stage = GpgAuthStage::Stage0;
    // The seeded random source makes every start send the same token, so one honest answer
    // serves every case.
    let (_, request) = start_stage0(None);
    let honest = server_stage0(&request);
    let cases: Vec<(Response, AuthError)> = vec![
        (
            without(honest.clone(), HEADER_VERIFY_RESPONSE),
            AuthError::MissingHeader {
                stage,
                header: HEADER_VERIFY_RESPONSE,
            },
        ),
        (
            with(honest.clone(), HEADER_VERIFY_RESPONSE, ""),
            AuthError::MissingHeader {
                stage,
                header: HEADER_VERIFY_RESPONSE,
            },
        ),
        (
            without(honest.clone(), HEADER_VERSION),
            AuthError::MissingHeader {
                stage,
                header: HEADER_VERSION,
            },
        ),
        (
            with(honest.clone(), HEADER_VERSION, "1.2.0"),
            AuthError::WrongHeader {
                stage,
                header: HEADER_VERSION,
                expected: "1.3.0",
            },
        ),
        (
            without(honest.clone(), HEADER_AUTHENTICATED),
            AuthError::MissingHeader {
                stage,
                header: HEADER_AUTHENTICATED,
            },
        ),
        (
            with(honest.clone(), HEADER_AUTHENTICATED, "true"),
            AuthError::WrongHeader {
                stage,
                header: HEADER_AUTHENTICATED,
                expected: "false",
            },
        ),
        (
            with(honest.clone(), HEADER_PROGRESS, "stage1"),
            AuthError::WrongHeader {
                stage,
                header: HEADER_PROGRESS,
                expected: "stage0",
            },
        ),
        (
            with(honest.clone(), HEADER_USER_AUTH_TOKEN, "x"),
            AuthError::UnexpectedHeader {
                stage,
                header: HEADER_USER_AUTH_TOKEN,
            },
        ),
        (
            with(honest.clone(), HEADER_REFER, "/"),
            AuthError::UnexpectedHeader {
                stage,
                header: HEADER_REFER,
            },
        ),
        (
            {
                let mut r = honest.clone();
                r.headers
                    .push(("x-gpgauth-progress".into(), "stage1".into()));
                r
            },
            AuthError::ConflictingHeader {
                header: HEADER_PROGRESS,
            },
        ),
    ];
    for (broken, expected) in cases {
        let (stage0, _) = start_stage0(None);
        assert_error(stage0.finish(&broken), expected);
    }
}

#[test]
fn stage0_identical_repeated_headers_are_accepted() {
    let (stage0, request) = start_stage0(None);
    let mut r = server_stage0(&request);
    r.headers
        .push(("x-gpgauth-progress".into(), "stage0".into()));
    assert!(stage0.finish(&r).is_ok());
}

#[test]
fn stage0_gpgauth_error_reports_the_debug_note() {
    let (stage0, _) = start_stage0(None);
    let r = gpgauth_response(
        &[
            ("X-GPGAuth-Authenticated", "false"),
            ("X-GPGAuth-Progress", "stage0"),
            ("X-GPGAuth-Error", "true"),
            (
                "X-GPGAuth-Debug",
                "There is no user associated with this key.\r\nX-Evil: 1",
            ),
        ],
        &stage01_body(),
    );
    assert_error(
        stage0.finish(&r),
        AuthError::GpgAuthRefused {
            stage: GpgAuthStage::Stage0,
            debug: Some("There is no user associated with this key.  X-Evil: 1".into()),
        },
    );
}

#[test]
fn stage0_html_or_empty_bodies_are_envelope_errors() {
    let (stage0, _) = start_stage0(None);
    assert_error(
        stage0.finish(&response(502, &[], "<html><body>Bad Gateway</body></html>")),
        AuthError::Envelope(EnvelopeError::Html { http_status: 502 }),
    );
    let (stage0, _) = start_stage0(None);
    assert_error(
        stage0.finish(&response(504, &[], "")),
        AuthError::Envelope(EnvelopeError::EmptyBody { http_status: 504 }),
    );
}

#[test]
fn stage0_server_error_status_is_a_server_error() {
    let (stage0, _) = start_stage0(None);
    let body = text("api/error_403_not_logged_in.json");
    assert_error(
        stage0.finish(&response(403, &GPGAUTH_COMMON, &body)),
        AuthError::Server {
            http_status: 403,
            message: "You need to login to access this location.".into(),
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Stage 1

#[test]
fn stage1_fixture_header_decodes_exactly_to_the_armored_token() {
    let g = gpgauth_fixture();
    let decoded =
        decode_user_auth_token(field(g, "x_gpgauth_user_auth_token_header_value")).unwrap();
    assert_eq!(decoded.as_str(), field(g, "user_auth_token_armored"));
    assert_eq!(
        encode_user_auth_token(field(g, "user_auth_token_armored")),
        field(g, "x_gpgauth_user_auth_token_header_value"),
        "PHP urlencode + quotemeta"
    );
    let server = server_key();
    let options = DecryptOptions {
        verification_keys: &[server.public_key()],
        require_signature: true,
    };
    let clear = decrypt(&decoded, DecryptWith::Key(ada()), &options).unwrap();
    assert_eq!(
        &clear.data[..],
        field(g, "user_auth_token_cleartext").as_bytes()
    );
    assert_eq!(
        clear.signatures[0].signer_fingerprint.as_deref(),
        Some(SERVER_FINGERPRINT)
    );
}

#[test]
fn stage1_fixture_token_signed_by_the_server_gives_the_stage2_request() {
    let (stage1, request) = Stage1::start(ADA_FINGERPRINT).unwrap();
    assert_eq!(request.path_and_query(), "/auth/login.json?api-version=v2");
    assert_eq!(
        body_json(&request),
        json!({"gpg_auth": {"keyid": ADA_FINGERPRINT}})
    );
    let (_stage2, request) = stage1
        .finish(&fixture_stage1(), ada(), &server_key())
        .unwrap();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Post, "/auth/login.json")
    );
    assert_eq!(
        body_json(&request),
        json!({"gpg_auth": {
            "keyid": ADA_FINGERPRINT,
            "user_token_result": field(gpgauth_fixture(), "user_auth_token_cleartext"),
        }})
    );
    assert_no_secret(&format!("{request:?}"));
}

#[test]
fn stage1_fresh_token_signed_by_the_server_is_accepted() {
    let (stage1, _) = Stage1::start(&ADA_FINGERPRINT.to_lowercase()).unwrap();
    let (_, request) = stage1
        .finish(&server_stage1(), ada(), &server_key())
        .unwrap();
    assert_eq!(
        body_json(&request)["gpg_auth"]["user_token_result"],
        FRESH_LOGIN_TOKEN
    );
    assert_eq!(body_json(&request)["gpg_auth"]["keyid"], ADA_FINGERPRINT);
}

#[test]
fn stage1_token_signed_by_another_key_is_refused() {
    let (stage1, _) = Stage1::start(ADA_FINGERPRINT).unwrap();
    let forged = server_stage1_with(FRESH_LOGIN_TOKEN, ada().public_key(), Some(betty()));
    assert_error(
        stage1.finish(&forged, ada(), &server_key()),
        AuthError::TokenNotSignedByServer,
    );
}

#[test]
fn stage1_unsigned_token_is_refused() {
    let (stage1, _) = Stage1::start(ADA_FINGERPRINT).unwrap();
    let unsigned = server_stage1_with(FRESH_LOGIN_TOKEN, ada().public_key(), None);
    assert_error(
        stage1.finish(&unsigned, ada(), &server_key()),
        AuthError::TokenNotSignedByServer,
    );
}

#[test]
fn stage1_fixture_token_checked_against_another_pinned_key_is_refused() {
    // The fixture token is genuinely server-signed; a client that pinned betty's key as the
    // server's must still refuse it.
    let (stage1, _) = Stage1::start(ADA_FINGERPRINT).unwrap();
    let impostor = ServerKey::from_armored(&text("keys/betty_public.asc")).unwrap();
    assert_error(
        stage1.finish(&fixture_stage1(), ada(), &impostor),
        AuthError::TokenNotSignedByServer,
    );
}

#[test]
fn stage1_bad_token_formats_are_refused() {
    let cases = [
        (
            "gpgauthv1.3.0|36|not-a-uuid-at-all-but-thirty-six-chr|gpgauthv1.3.0",
            TokenDefect::Uuid,
        ),
        (
            "gpgauthv1.3.0|37|6f0d0d7e-3c1b-4b9e-8a55-3a6a3c0f7e21|gpgauthv1.3.0",
            TokenDefect::Length,
        ),
        (
            "gpgauthv1.2.0|36|6f0d0d7e-3c1b-4b9e-8a55-3a6a3c0f7e21|gpgauthv1.3.0",
            TokenDefect::Version,
        ),
        (
            "gpgauthv1.3.0|36|6f0d0d7e-3c1b-4b9e-8a55-3a6a3c0f7e21",
            TokenDefect::PartCount,
        ),
        ("<script>alert(1)</script>", TokenDefect::PartCount),
    ];
    for (clear, defect) in cases {
        let (stage1, _) = Stage1::start(ADA_FINGERPRINT).unwrap();
        let r = server_stage1_with(clear, ada().public_key(), Some(server_private()));
        assert_error(
            stage1.finish(&r, ada(), &server_key()),
            AuthError::InvalidToken { defect },
        );
    }
}

#[test]
fn stage1_token_for_another_user_is_a_crypto_error() {
    let (stage1, _) = Stage1::start(ADA_FINGERPRINT).unwrap();
    let r = server_stage1_with(
        FRESH_LOGIN_TOKEN,
        betty().public_key(),
        Some(server_private()),
    );
    assert_error(
        stage1.finish(&r, ada(), &server_key()),
        AuthError::Crypto {
            operation: "decrypt the login token",
            source: PgpError::NoMatchingKey,
        },
    );
}

#[test]
fn stage1_garbled_token_header_is_refused() {
    let (stage1, _) = Stage1::start(ADA_FINGERPRINT).unwrap();
    let r = with(fixture_stage1(), HEADER_USER_AUTH_TOKEN, "-----BEGIN%FF");
    assert_error(
        stage1.finish(&r, ada(), &server_key()),
        AuthError::HeaderEncoding,
    );
    let (stage1, _) = Stage1::start(ADA_FINGERPRINT).unwrap();
    let r = with(fixture_stage1(), HEADER_USER_AUTH_TOKEN, "not+armor");
    let err = stage1.finish(&r, ada(), &server_key()).unwrap_err();
    assert!(
        matches!(
            err,
            AuthError::Crypto {
                operation: "decrypt the login token",
                source: PgpError::InvalidArmor { .. }
            }
        ),
        "{err:?}"
    );
}

#[test]
fn stage1_headers_missing_or_contradictory_are_refused() {
    let stage = GpgAuthStage::Stage1;
    let cases: Vec<(Response, AuthError)> = vec![
        (
            with(fixture_stage1(), HEADER_AUTHENTICATED, "true"),
            AuthError::AlreadyLoggedIn,
        ),
        (
            without(fixture_stage1(), HEADER_USER_AUTH_TOKEN),
            AuthError::MissingHeader {
                stage,
                header: HEADER_USER_AUTH_TOKEN,
            },
        ),
        (
            with(fixture_stage1(), HEADER_PROGRESS, "stage0"),
            AuthError::WrongHeader {
                stage,
                header: HEADER_PROGRESS,
                expected: "stage1",
            },
        ),
        (
            with(
                fixture_stage1(),
                HEADER_VERIFY_RESPONSE,
                "gpgauthv1.3.0|36|x|gpgauthv1.3.0",
            ),
            AuthError::UnexpectedHeader {
                stage,
                header: HEADER_VERIFY_RESPONSE,
            },
        ),
        (
            with(fixture_stage1(), HEADER_REFER, "/"),
            AuthError::UnexpectedHeader {
                stage,
                header: HEADER_REFER,
            },
        ),
        (
            response(
                409,
                &GPGAUTH_COMMON,
                &text("api/auth_login_stage1_body.json"),
            ),
            AuthError::AlreadyLoggedIn,
        ),
    ];
    for (r, expected) in cases {
        let (stage1, _) = Stage1::start(ADA_FINGERPRINT).unwrap();
        assert_error(stage1.finish(&r, ada(), &server_key()), expected);
    }
}

// ---------------------------------------------------------------------------------------------
// Stage 2

fn stage2() -> passbolt_core::protocol::auth::Stage2 {
    let (stage1, _) = Stage1::start(ADA_FINGERPRINT).unwrap();
    stage1
        .finish(&server_stage1(), ada(), &server_key())
        .unwrap()
        .0
}

#[test]
fn stage2_complete_headers_yield_the_user() {
    let logged_in = stage2().finish(&server_complete()).unwrap();
    assert_eq!(logged_in.refer, "/");
    assert_eq!(logged_in.user["id"], ADA_ID);
    assert_eq!(logged_in.user["username"], "ada@fixture.test");
}

#[test]
fn stage2_headers_missing_or_contradictory_are_refused() {
    let stage = GpgAuthStage::Complete;
    let cases: Vec<(Response, AuthError)> = vec![
        (
            without(server_complete(), HEADER_REFER),
            AuthError::MissingHeader {
                stage,
                header: HEADER_REFER,
            },
        ),
        (
            with(server_complete(), HEADER_AUTHENTICATED, "false"),
            AuthError::WrongHeader {
                stage,
                header: HEADER_AUTHENTICATED,
                expected: "true",
            },
        ),
        (
            with(server_complete(), HEADER_PROGRESS, "stage1"),
            AuthError::WrongHeader {
                stage,
                header: HEADER_PROGRESS,
                expected: "complete",
            },
        ),
        (
            with(server_complete(), HEADER_USER_AUTH_TOKEN, "x"),
            AuthError::UnexpectedHeader {
                stage,
                header: HEADER_USER_AUTH_TOKEN,
            },
        ),
        (
            with(server_complete(), HEADER_VERIFY_RESPONSE, "x"),
            AuthError::UnexpectedHeader {
                stage,
                header: HEADER_VERIFY_RESPONSE,
            },
        ),
        (
            with(server_complete(), "X-GPGAuth-Error", "true"),
            AuthError::GpgAuthRefused { stage, debug: None },
        ),
        (
            {
                let mut r = server_complete();
                r.body = text("api/auth_login_stage1_body.json");
                r
            },
            AuthError::Server {
                http_status: 200,
                message: "The authentication failed.".into(),
            },
        ),
        (
            {
                let mut r = server_complete();
                r.body = "<html>Welcome to the captive portal</html>".into();
                r
            },
            AuthError::Envelope(EnvelopeError::Html { http_status: 200 }),
        ),
    ];
    for (r, expected) in cases {
        assert_error(stage2().finish(&r), expected);
    }
}

// ---------------------------------------------------------------------------------------------
// The whole GPGAuth login and the session

#[test]
fn full_gpgauth_login_session_check_and_logout() {
    let mut jar = CookieJar::new();
    let mut rng = rng();

    // Stage 0 with the key from /auth/verify.json; the pin is stored on first use.
    assert_eq!(server_key_request().path, "/auth/verify.json");
    let key =
        ServerKey::from_response(&response(200, &[], &text("api/auth_verify_get.json"))).unwrap();
    let (stage0, request) = Stage0::start(ADA_FINGERPRINT, &key, None, &mut rng).unwrap();
    let ServerTrust::FirstUse(pin) = stage0.finish(&server_stage0(&request)).unwrap() else {
        panic!("first use");
    };

    // Next login: stage 0 against the pin, then 1 and 2.
    let (stage0, request) = Stage0::start(ADA_FINGERPRINT, &key, Some(&pin), &mut rng).unwrap();
    assert!(matches!(
        stage0.finish(&server_stage0(&request)).unwrap(),
        ServerTrust::Pinned(_)
    ));
    let (stage1, _) = Stage1::start(ADA_FINGERPRINT).unwrap();
    let (stage2, request) = stage1.finish(&server_stage1(), ada(), &key).unwrap();
    assert_eq!(
        body_json(&request)["gpg_auth"]["user_token_result"],
        FRESH_LOGIN_TOKEN
    );
    let complete = server_complete();
    jar.store(&complete, NOW);
    stage2.finish(&complete).unwrap();
    assert!(jar.has_session());

    // The session is checked; the CSRF token arrives with the first GET.
    let check = jar.prepare(is_authenticated_request());
    assert!(
        check.headers.iter().all(|(n, _)| n != CSRF_HEADER),
        "no CSRF header on GET"
    );
    let mut ok = response(200, &[], &text("api/auth_is_authenticated.json"));
    ok.headers.push((
        "set-cookie".into(),
        format!("csrfToken={CSRF}; path=/; secure"),
    ));
    assert_eq!(
        parse_is_authenticated(&ok).unwrap(),
        SessionStatus::LoggedIn
    );
    jar.store(&ok, NOW);

    // Logout is a mutating request: it carries the token.
    let csrf = jar.csrf_token().expect("csrf cookie");
    let logout = jar.prepare(logout_request(&csrf));
    assert!(logout
        .headers
        .contains(&(CSRF_HEADER.to_string(), CSRF.to_string())));
    assert_eq!(
        logout
            .headers
            .iter()
            .filter(|(n, _)| n == CSRF_HEADER)
            .count(),
        1
    );
    let cleared = response(
        200,
        &[
            ("set-cookie", "passbolt_session=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT; Max-Age=0; path=/"),
            ("set-cookie", "csrfToken=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT; Max-Age=0; path=/"),
        ],
        &text("api/auth_is_authenticated.json"),
    );
    parse_logout(&cleared).unwrap();
    jar.store(&cleared, NOW);
    assert!(!jar.has_session() && jar.csrf_token().is_none());
    assert_no_secret(&format!("{jar:?} {csrf:?} {logout:?}"));
}

#[test]
fn session_check_reads_logged_in_logged_out_and_mfa_fixtures() {
    assert_eq!(
        is_authenticated_request().path,
        "/auth/is-authenticated.json"
    );
    let r = response(200, &[], &text("api/auth_is_authenticated.json"));
    assert_eq!(parse_is_authenticated(&r).unwrap(), SessionStatus::LoggedIn);
    let r = response(403, &[], &text("api/auth_is_authenticated_403.json"));
    assert_eq!(
        parse_is_authenticated(&r).unwrap(),
        SessionStatus::LoggedOut
    );
    let r = response(403, &[], &text("api/mfa_verify_error_403.json"));
    assert_eq!(
        parse_is_authenticated(&r).unwrap(),
        SessionStatus::MfaRequired {
            providers: vec![MfaProvider::Totp]
        }
    );
}

#[test]
fn session_check_html_body_is_an_envelope_error() {
    assert_error(
        parse_is_authenticated(&response(200, &[], "<html>Sign in to the proxy</html>")),
        AuthError::Envelope(EnvelopeError::Html { http_status: 200 }),
    );
    assert_error(
        parse_is_authenticated(&response(200, &[], "{\"header\":")),
        AuthError::Envelope(EnvelopeError::InvalidJson {
            http_status: 200,
            line: 1,
            column: 10,
        }),
    );
}

#[test]
fn csrf_token_endpoint_body_is_the_token() {
    let request = csrf_token_request();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Get, "/users/csrf-token.json")
    );
    let mut json = json_fixture("api/auth_is_authenticated.json");
    json["body"] = CSRF.into();
    let token = parse_csrf_token(&response(200, &[], &json.to_string())).unwrap();
    assert_eq!(token.as_str(), CSRF);
    json["body"] = json!({"token": CSRF});
    assert_error(
        parse_csrf_token(&response(200, &[], &json.to_string())),
        AuthError::UnexpectedBody {
            endpoint: "/users/csrf-token.json",
            reason: "the body is not a string",
        },
    );
    assert_error(
        parse_csrf_token(&response(403, &[], &text("api/error_403_csrf.json"))),
        AuthError::Server {
            http_status: 403,
            message: "Missing or incorrect CSRF cookie type.".into(),
        },
    );
}

// ---------------------------------------------------------------------------------------------
// JWT

fn fixture_challenge() -> LoginChallenge {
    serde_json::from_value(jwt_fixture()["request_challenge_cleartext"].clone()).unwrap()
}

fn jwt_login_response(challenge_armored: &str) -> Response {
    let mut json = json_fixture("api/auth_jwt_login.json");
    json["body"]["challenge"] = challenge_armored.into();
    response(200, &[], &json.to_string())
}

/// The fake server's JWT login: decrypts the challenge, requires ada's signature, checks it as
/// `GpgJwtAuthenticator::verifyChallenge` does, and answers `reply` (the fixture reply with
/// `edit` applied) encrypted for `recipient`, signed by `signer`.
fn server_jwt_login(
    request: &Request,
    edit: impl FnOnce(&mut Value),
    signer: &UnlockedKey,
) -> Response {
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Post, "/auth/jwt/login.json")
    );
    let body = body_json(request);
    assert_eq!(body["user_id"], ADA_ID);
    let ada_public = PublicKey::read(&text("keys/ada_public.asc")).unwrap();
    let options = DecryptOptions {
        verification_keys: &[&ada_public],
        require_signature: true,
    };
    let clear = decrypt(
        body["challenge"].as_str().unwrap(),
        DecryptWith::Key(server_private()),
        &options,
    )
    .expect("server decrypts and verifies the challenge");
    let challenge: Value = serde_json::from_slice(&clear.data).unwrap();
    assert_eq!(challenge["version"], "1.0.0");
    assert_eq!(
        challenge["domain"].as_str().unwrap().trim_end_matches('/'),
        DOMAIN
    );
    let expiry = challenge["verify_token_expiry"].as_i64().unwrap();
    assert!(expiry > NOW && expiry <= NOW + 3600, "{expiry}");
    let mut reply = jwt_fixture()["response_challenge_cleartext"].clone();
    reply["verify_token"] = challenge["verify_token"].clone();
    edit(&mut reply);
    let armored = encrypt(
        reply.to_string().as_bytes(),
        &[ada().public_key()],
        Some(signer),
    )
    .unwrap();
    jwt_login_response(&armored)
}

fn start_jwt(seed: u64) -> (JwtLogin, Request) {
    let mut rng = StdRng::seed_from_u64(seed);
    let challenge = LoginChallenge::new(DOMAIN, NOW, DEFAULT_CHALLENGE_LIFETIME, &mut rng).unwrap();
    JwtLogin::start(ADA_ID, challenge, ada(), &server_key()).unwrap()
}

fn fixture_access_token() -> &'static str {
    field(
        &jwt_fixture()["response_challenge_cleartext"],
        "access_token",
    )
}

#[test]
fn jwt_fixture_request_challenge_is_for_the_server_and_signed_by_ada() {
    let j = jwt_fixture();
    let ada_public = PublicKey::read(&text("keys/ada_public.asc")).unwrap();
    let options = DecryptOptions {
        verification_keys: &[&ada_public],
        require_signature: true,
    };
    let clear = decrypt(
        field(&j["request_body"], "challenge"),
        DecryptWith::Key(server_private()),
        &options,
    )
    .unwrap();
    let challenge: LoginChallenge = serde_json::from_slice(&clear.data).unwrap();
    assert_eq!(challenge, fixture_challenge());
    assert_eq!(
        challenge.verify_token_expiry - NOW,
        DEFAULT_CHALLENGE_LIFETIME
    );
}

#[test]
fn jwt_fixture_reply_yields_the_tokens() {
    let (login, request) =
        JwtLogin::start(ADA_ID, fixture_challenge(), ada(), &server_key()).unwrap();
    assert_eq!(
        request.path_and_query(),
        "/auth/jwt/login.json?api-version=v2"
    );
    let r = response(200, &[], &text("api/auth_jwt_login.json"));
    let tokens = login.finish(&r, ada(), &server_key(), NOW).unwrap();
    let reply = &jwt_fixture()["response_challenge_cleartext"];
    assert_eq!(tokens.access_token.as_str(), field(reply, "access_token"));
    assert_eq!(tokens.refresh_token.as_str(), field(reply, "refresh_token"));
    assert_eq!(tokens.access_token.expires_at(), NOW + 300);
    assert_eq!(
        tokens.access_token.claims().subject.as_deref(),
        Some(ADA_ID)
    );
    assert_eq!(
        tokens.access_token.claims().issuer.as_deref(),
        Some("https://passbolt.fixture.test/")
    );
    assert_no_secret(&format!(
        "{tokens:?} {login_debug:?}",
        login_debug = fixture_challenge()
    ));
}

#[test]
fn jwt_round_trip_with_a_fresh_challenge() {
    let (login, request) = start_jwt(1);
    assert_no_secret(&format!("{login:?} {request:?}"));
    let r = server_jwt_login(&request, |_| {}, server_private());
    let tokens = login.finish(&r, ada(), &server_key(), NOW).unwrap();
    assert_eq!(tokens.access_token.as_str(), fixture_access_token());
    let authorized = tokens.access_token.authorize(is_authenticated_request());
    assert_eq!(authorized.headers[0].0, "Authorization");
}

#[test]
fn jwt_reply_with_another_verify_token_is_refused() {
    let (login, request) = start_jwt(2);
    let r = server_jwt_login(
        &request,
        |reply| reply["verify_token"] = "ba4477a7-4d57-4606-a7ce-e6c4f65d7a78".into(),
        server_private(),
    );
    assert_error(
        login.finish(&r, ada(), &server_key(), NOW),
        AuthError::ChallengeVerifyTokenMismatch,
    );
}

#[test]
fn jwt_reply_echoing_an_upper_case_verify_token_is_accepted() {
    let (login, request) = start_jwt(3);
    let r = server_jwt_login(
        &request,
        |reply| {
            let upper = reply["verify_token"].as_str().unwrap().to_uppercase();
            reply["verify_token"] = upper.into();
        },
        server_private(),
    );
    assert!(login.finish(&r, ada(), &server_key(), NOW).is_ok());
}

#[test]
fn jwt_reply_for_another_domain_is_refused() {
    let (login, request) = start_jwt(4);
    let r = server_jwt_login(
        &request,
        |reply| reply["domain"] = "https://evil.example/".into(),
        server_private(),
    );
    assert_error(
        login.finish(&r, ada(), &server_key(), NOW),
        AuthError::ChallengeDomainMismatch {
            expected: DOMAIN.into(),
            found: "https://evil.example/".into(),
        },
    );
}

#[test]
fn jwt_reply_with_another_version_is_refused() {
    let (login, request) = start_jwt(5);
    let r = server_jwt_login(
        &request,
        |reply| reply["version"] = "2.0.0".into(),
        server_private(),
    );
    assert_error(
        login.finish(&r, ada(), &server_key(), NOW),
        AuthError::ChallengeVersion {
            found: "2.0.0".into(),
        },
    );
}

#[test]
fn jwt_reply_signed_by_another_key_is_refused() {
    let (login, request) = start_jwt(6);
    let r = server_jwt_login(&request, |_| {}, betty());
    assert_error(
        login.finish(&r, ada(), &server_key(), NOW),
        AuthError::ChallengeNotSignedByServer,
    );
}

#[test]
fn jwt_reply_with_an_expired_access_token_is_refused() {
    let (login, request) = start_jwt(7);
    let r = server_jwt_login(&request, |_| {}, server_private());
    assert_error(
        login.finish(&r, ada(), &server_key(), NOW + 300),
        AuthError::JwtExpired {
            expired_at: NOW + 300,
        },
    );
}

#[test]
fn jwt_reply_with_a_garbled_access_token_is_refused() {
    let (login, request) = start_jwt(8);
    let r = server_jwt_login(
        &request,
        |reply| reply["access_token"] = "eyJhbGciOiJub25lIn0.e30.".into(),
        server_private(),
    );
    assert_error(
        login.finish(&r, ada(), &server_key(), NOW),
        AuthError::InvalidJwt {
            reason: "its algorithm is not RS256",
        },
    );
}

#[test]
fn jwt_reply_for_another_user_is_refused() {
    let (login, request) = start_jwt(9);
    let (header, rest) = fixture_access_token().split_once('.').unwrap();
    let signature = rest.split_once('.').unwrap().1;
    let claims = base64url(
        r#"{"iss":"https://passbolt.fixture.test/","sub":"8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a02","exp":1795342886}"#,
    );
    let token = format!("{header}.{claims}.{signature}");
    let r = server_jwt_login(
        &request,
        |reply| reply["access_token"] = token.into(),
        server_private(),
    );
    assert_error(
        login.finish(&r, ada(), &server_key(), NOW),
        AuthError::JwtSubjectMismatch,
    );
}

#[test]
fn jwt_reply_with_a_bad_refresh_token_or_missing_field_is_refused() {
    let (login, request) = start_jwt(10);
    let r = server_jwt_login(
        &request,
        |reply| reply["refresh_token"] = "x".into(),
        server_private(),
    );
    assert_error(
        login.finish(&r, ada(), &server_key(), NOW),
        AuthError::InvalidRefreshToken,
    );
    let (login, request) = start_jwt(11);
    let r = server_jwt_login(
        &request,
        |reply| {
            reply.as_object_mut().unwrap().remove("domain");
        },
        server_private(),
    );
    assert_error(
        login.finish(&r, ada(), &server_key(), NOW),
        AuthError::InvalidChallenge {
            reason: "a field is missing or not a string",
        },
    );
}

#[test]
fn jwt_reply_that_is_not_json_is_refused() {
    let (login, _) = start_jwt(12);
    let armored = encrypt(
        b"gpgauthv1.3.0|36|...",
        &[ada().public_key()],
        Some(server_private()),
    )
    .unwrap();
    assert_error(
        login.finish(&jwt_login_response(&armored), ada(), &server_key(), NOW),
        AuthError::InvalidChallenge {
            reason: "it is not JSON",
        },
    );
}

#[test]
fn jwt_login_html_or_error_bodies_are_refused() {
    let (login, _) = start_jwt(13);
    assert_error(
        login.finish(
            &response(502, &[], "<html>Bad gateway</html>"),
            ada(),
            &server_key(),
            NOW,
        ),
        AuthError::Envelope(EnvelopeError::Html { http_status: 502 }),
    );
    let (login, _) = start_jwt(14);
    let mut json = json_fixture("api/auth_jwt_login.json");
    json["body"] = json!({});
    assert_error(
        login.finish(
            &response(200, &[], &json.to_string()),
            ada(),
            &server_key(),
            NOW,
        ),
        AuthError::UnexpectedBody {
            endpoint: "/auth/jwt/login.json",
            reason: "the body has no \"challenge\" string",
        },
    );
    let (login, _) = start_jwt(15);
    let body = text("api/error_403_not_logged_in.json");
    assert_error(
        login.finish(&response(403, &[], &body), ada(), &server_key(), NOW),
        AuthError::Server {
            http_status: 403,
            message: "You need to login to access this location.".into(),
        },
    );
}

#[test]
fn jwt_login_refuses_bad_user_ids() {
    let challenge = fixture_challenge();
    assert_error(
        JwtLogin::start("ada", challenge, ada(), &server_key()),
        AuthError::InvalidUserId,
    );
}

fn base64url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

// ---------------------------------------------------------------------------------------------
// JWT keys, refresh, logout

#[test]
fn access_token_fixture_verifies_with_rsa_json_jwks_json_and_the_pem() {
    let token = AccessToken::parse(fixture_access_token()).unwrap();
    assert_eq!(rsa_key_request().path, "/auth/jwt/rsa.json");
    assert_eq!(jwks_request().path, "/auth/jwt/jwks.json");
    let rsa = parse_rsa_key(&response(200, &[], &text("api/auth_jwt_rsa.json"))).unwrap();
    let jwks = parse_jwks(&response(200, &[], &text("api/auth_jwt_jwks.json"))).unwrap();
    let pem = JwtKeySet::new(vec![JwtKey::from_pem(field(
        jwt_fixture(),
        "jwt_public_key_pem",
    ))
    .unwrap()]);
    assert_eq!(rsa, jwks);
    assert_eq!(rsa, pem);
    assert_eq!(jwks.keys()[0].bits(), 2048);
    for keys in [&rsa, &jwks, &pem] {
        token.verify_signature(keys).unwrap();
    }
}

#[test]
fn tampered_access_token_fails_its_signature_check() {
    let jwks = parse_jwks(&response(200, &[], &text("api/auth_jwt_jwks.json"))).unwrap();
    let (header, rest) = fixture_access_token().split_once('.').unwrap();
    let signature = rest.split_once('.').unwrap().1;
    let claims = base64url(
        r#"{"iss":"https://passbolt.fixture.test/","sub":"8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a01","exp":1895342886}"#,
    );
    let forged = AccessToken::parse(&format!("{header}.{claims}.{signature}")).unwrap();
    assert_error(forged.verify_signature(&jwks), AuthError::JwtSignature);
}

#[test]
fn jwks_fixture_is_read_without_an_envelope() {
    let body = text("api/auth_jwt_jwks.json");
    assert!(!body.contains("\"header\""));
    assert_error(
        parse_jwks(&response(404, &[], &text("api/error_404.json"))),
        AuthError::Server {
            http_status: 404,
            message: "The resource does not exist.".into(),
        },
    );
}

const NEW_REFRESH: &str = "0c9f1c1e-7d7b-4d59-9b43-5f0f5c1b2a77";

#[test]
fn refresh_takes_the_new_refresh_token_from_the_cookie() {
    let old = RefreshToken::new(field(
        &jwt_fixture()["response_challenge_cleartext"],
        "refresh_token",
    ))
    .unwrap();
    let request = jwt::refresh_request(ADA_ID, &old).unwrap();
    assert_eq!(
        request.path_and_query(),
        "/auth/jwt/refresh.json?api-version=v2"
    );
    assert_eq!(
        body_json(&request),
        json!({"user_id": ADA_ID, "refresh_token": old.as_str()})
    );
    let cookie = format!("refresh_token={NEW_REFRESH}; expires=Mon, 20-Dec-2027 10:00:00 GMT; Max-Age=2592000; path=/; secure; HttpOnly");
    let r = response(
        200,
        &[("Set-Cookie", &cookie)],
        &text("api/auth_jwt_refresh.json"),
    );
    let tokens = jwt::parse_refresh(&r, NOW).unwrap();
    assert_eq!(tokens.refresh_token.as_str(), NEW_REFRESH);
    assert_eq!(tokens.access_token.as_str(), fixture_access_token());
    assert_no_secret(&format!("{tokens:?} {request:?}"));
}

#[test]
fn refresh_without_the_cookie_or_with_an_expired_token_is_refused() {
    let r = response(200, &[], &text("api/auth_jwt_refresh.json"));
    assert_error(jwt::parse_refresh(&r, NOW), AuthError::MissingRefreshToken);
    let deleted = response(
        200,
        &[("Set-Cookie", "refresh_token=deleted; Max-Age=0; path=/")],
        &text("api/auth_jwt_refresh.json"),
    );
    assert_error(
        jwt::parse_refresh(&deleted, NOW),
        AuthError::MissingRefreshToken,
    );
    let cookie = format!("refresh_token={NEW_REFRESH}");
    let r = response(
        200,
        &[("Set-Cookie", &cookie)],
        &text("api/auth_jwt_refresh.json"),
    );
    assert_error(
        jwt::parse_refresh(&r, NOW + 301),
        AuthError::JwtExpired {
            expired_at: NOW + 300,
        },
    );
    assert_error(
        jwt::parse_refresh(
            &response(200, &[("Set-Cookie", &cookie)], "<html>oops</html>"),
            NOW,
        ),
        AuthError::Envelope(EnvelopeError::Html { http_status: 200 }),
    );
}

#[test]
fn jwt_logout_carries_the_access_token() {
    let access = AccessToken::parse(fixture_access_token()).unwrap();
    let refresh = RefreshToken::new(NEW_REFRESH).unwrap();
    let request = jwt::logout_request(&access, Some(&refresh));
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Post, "/auth/jwt/logout.json")
    );
    assert_eq!(
        request.headers,
        vec![(
            "Authorization".to_string(),
            format!("Bearer {}", access.as_str())
        )]
    );
    assert_eq!(body_json(&request), json!({"refresh_token": NEW_REFRESH}));
    assert!(jwt::logout_request(&access, None).body.is_none());
    jwt::parse_logout(&response(200, &[], &text("api/auth_is_authenticated.json"))).unwrap();
    assert_no_secret(&format!("{request:?} {access:?} {refresh:?}"));
}
