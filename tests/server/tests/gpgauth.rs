//! GPGAuth login against GnuPG, sessions, CSRF, envelopes and the transport options.

mod common;

use common::*;
use serde_json::json;

#[test]
fn verify_get_gives_the_server_key() {
    let server = start();
    let mut c = Client::new(&server);
    let r = c.get("/auth/verify.json?api-version=v2");
    assert_eq!(r.status, 200);
    assert_eq!(r.body()["fingerprint"], server_fingerprint().as_str());
    assert!(r.body()["keydata"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
    let h = &r.json["header"];
    assert_eq!(
        (h["status"].as_str(), h["code"].as_i64(), h["url"].as_str()),
        (
            Some("success"),
            Some(200),
            Some("/auth/verify.json?api-version=v2")
        )
    );
    assert_eq!(h["message"], "The operation was successful.");
    assert!(h["servertime"].as_i64().unwrap() > 1_700_000_000);
    assert_eq!(
        h["action"],
        passbolt_test_server::ids::uuid5("AuthVerify.verifyGet").as_str()
    );
    assert_eq!(r.header("X-GPGAuth-Version"), Some("1.3.0"));
    assert_eq!(r.header("X-GPGAuth-Pubkey-URL"), Some("/auth/verify.json"));
}

#[test]
fn stage0_echoes_the_token_gnupg_decrypted() {
    let server = start();
    let ada = person("ada");
    let mut c = Client::new(&server);
    let token = "gpgauthv1.3.0|36|20bea022-d302-4e08-999a-c8258d68c1c0|gpgauthv1.3.0";
    let encrypted = encrypt(token, &server_fingerprint(), None);
    let r = c.post_form(
        "/auth/verify.json",
        &[
            ("data[gpg_auth][keyid]", &ada.fingerprint),
            ("data[gpg_auth][server_verify_token]", &encrypted),
        ],
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json["header"]["status"], "error");
    assert_eq!(r.message(), "The authentication failed.");
    assert_eq!(r.header("X-GPGAuth-Verify-Response"), Some(token));
    assert_eq!(r.header("X-GPGAuth-Progress"), Some("stage0"));
    assert_eq!(r.header("X-GPGAuth-Authenticated"), Some("false"));
    assert_eq!(r.header("X-GPGAuth-User-Auth-Token"), None);
}

#[test]
fn stage0_refuses_a_token_it_cannot_decrypt_or_read() {
    let server = start();
    let ada = person("ada");
    let mut c = Client::new(&server);
    // Encrypted for ada, not for the server.
    let wrong = encrypt(
        "gpgauthv1.3.0|36|20bea022-d302-4e08-999a-c8258d68c1c0|gpgauthv1.3.0",
        &ada.fingerprint,
        None,
    );
    let r = c.post(
        "/auth/verify.json",
        &json!({"gpg_auth": {"keyid": ada.fingerprint, "server_verify_token": wrong}}),
    );
    assert_eq!(
        (
            r.status,
            r.header("X-GPGAuth-Error"),
            r.header("X-GPGAuth-Debug")
        ),
        (403, Some("true"), Some("Decryption failed."))
    );
    let bad_format = encrypt(
        "gpgauthv1.3.0|36|not-a-uuid|gpgauthv1.3.0",
        &server_fingerprint(),
        None,
    );
    let r = c.post(
        "/auth/verify.json",
        &json!({"gpg_auth": {"keyid": ada.fingerprint, "server_verify_token": bad_format}}),
    );
    assert_eq!(
        r.header("X-GPGAuth-Debug"),
        Some("The server verify token format is invalid.")
    );
    assert_eq!(r.header("X-GPGAuth-Verify-Response"), None);
}

#[test]
fn login_of_each_key_shape_opens_a_session() {
    let server = start();
    for name in ["ada", "betty", "carol"] {
        let who = person(name);
        let mut c = Client::new(&server);
        assert_eq!(c.get("/auth/is-authenticated.json").status, 403);
        let token = stage1(&mut c, &who);
        assert!(
            passbolt_test_server::routes::auth::token_uuid(&token).is_some(),
            "{token}"
        );
        let r = c.post_form(
            "/auth/login.json",
            &[
                ("data[gpg_auth][keyid]", &who.fingerprint),
                ("data[gpg_auth][user_token_result]", &token),
            ],
        );
        assert_eq!(r.status, 200, "{name}: {:?}", r.json);
        assert_eq!(r.message(), "You are successfully logged in.");
        assert_eq!(r.body()["id"], who.id.as_str());
        assert_eq!(r.body()["username"], who.username.as_str());
        assert_eq!(r.header("X-GPGAuth-Progress"), Some("complete"));
        assert_eq!(r.header("X-GPGAuth-Refer"), Some("/"));
        assert!(c.cookies.contains_key("passbolt_session"));
        let me = c.get("/users/me.json");
        assert_eq!(
            (me.status, me.body()["id"].as_str()),
            (200, Some(who.id.as_str()))
        );
        assert_eq!(c.get("/auth/is-authenticated.json").status, 200);
    }
}

#[test]
fn the_login_token_is_encrypted_for_the_user_and_signed_by_the_server() {
    let server = start();
    let betty = person("betty");
    let mut c = Client::new(&server);
    let r = c.post(
        "/auth/login.json",
        &json!({"data": {"gpg_auth": {"keyid": betty.fingerprint.to_lowercase()}}}),
    );
    assert_eq!(
        (r.status, r.json["header"]["status"].as_str()),
        (200, Some("error"))
    );
    let raw = r.header("X-GPGAuth-User-Auth-Token").unwrap();
    assert!(
        raw.starts_with("-----BEGIN\\+PGP\\+MESSAGE-----%0A"),
        "{raw}"
    );
    let clear = decrypt(&decode_auth_token(raw), &betty);
    assert_eq!(clear.signers, vec![server_fingerprint()]);
}

#[test]
fn login_tokens_are_single_use() {
    let server = start();
    let ada = person("ada");
    let mut c = Client::new(&server);
    let token = stage1(&mut c, &ada);
    let fields = [
        ("data[gpg_auth][keyid]", ada.fingerprint.as_str()),
        ("data[gpg_auth][user_token_result]", token.as_str()),
    ];
    assert_eq!(c.post_form("/auth/login.json", &fields).status, 200);
    let mut other = Client::new(&server);
    let r = other.post_form("/auth/login.json", &fields);
    assert_eq!((r.status, r.header("X-GPGAuth-Error")), (403, Some("true")));
    assert_eq!(
        r.header("X-GPGAuth-Debug"),
        Some("The user token result could not be found, has expired or was already used.")
    );
    assert!(!other.cookies.contains_key("passbolt_session"));
}

#[test]
fn login_tokens_expire_after_five_minutes() {
    let server = start();
    let ada = person("ada");
    let mut c = Client::new(&server);
    let token = stage1(&mut c, &ada);
    server.clock().advance(301);
    let r = c.post_form(
        "/auth/login.json",
        &[
            ("data[gpg_auth][keyid]", &ada.fingerprint),
            ("data[gpg_auth][user_token_result]", &token),
        ],
    );
    assert_eq!((r.status, r.header("X-GPGAuth-Error")), (403, Some("true")));
}

#[test]
fn a_token_made_for_another_user_is_refused() {
    let server = start();
    let (ada, betty) = (person("ada"), person("betty"));
    let mut c = Client::new(&server);
    let token = stage1(&mut c, &ada);
    let r = c.post_form(
        "/auth/login.json",
        &[
            ("data[gpg_auth][keyid]", &betty.fingerprint),
            ("data[gpg_auth][user_token_result]", &token),
        ],
    );
    assert_eq!((r.status, r.header("X-GPGAuth-Error")), (403, Some("true")));
}

#[test]
fn unknown_and_deleted_keys_have_no_user() {
    let server = start();
    let mut c = Client::new(&server);
    for fpr in [
        "0123456789ABCDEF0123456789ABCDEF01234567".to_string(),
        person("frances").fingerprint,
    ] {
        let r = c.post_form("/auth/login.json", &[("data[gpg_auth][keyid]", &fpr)]);
        assert_eq!(r.status, 403);
        assert_eq!(
            r.header("X-GPGAuth-Debug"),
            Some("There is no user associated with this key.")
        );
    }
}

#[test]
fn logout_ends_the_session() {
    let server = start();
    let mut c = login(&server, &person("ada"));
    let r = c.post("/auth/logout.json", &json!({}));
    assert_eq!(
        (r.status, r.message()),
        (200, "You are successfully logged out.")
    );
    let r = c.get("/auth/is-authenticated.json");
    assert_eq!(
        (r.status, r.message()),
        (403, "You need to login to access this location.")
    );
    assert_eq!(r.body(), &serde_json::Value::Null);
    // GET logout is disabled, as on the real server.
    assert_eq!(c.get("/auth/logout.json").status, 404);
}

#[test]
fn anonymous_requests_get_the_login_error() {
    let server = start();
    let mut c = Client::new(&server);
    let r = c.get("/resources.json");
    assert_eq!(
        (r.status, r.message(), r.body()),
        (
            403,
            "You need to login to access this location.",
            &json!("")
        )
    );
}

#[test]
fn csrf_is_enforced_on_mutating_session_requests() {
    let server = start();
    let mut c = login(&server, &person("ada"));
    let token = c
        .cookies
        .get("csrfToken")
        .cloned()
        .expect("csrf cookie after a GET");
    assert_eq!(token.len(), 128);
    assert_eq!(c.get("/users/csrf-token.json").body(), &json!(token));
    c.send_csrf = false;
    let r = c.post("/resources.json", &json!({}));
    assert_eq!((r.status, r.message()), (403, "CSRF token from either the request body or request headers did not match or is missing."));
    let r = c.request(
        "POST",
        "/resources.json",
        Some(("application/json", b"{}".to_vec())),
        &[("X-CSRF-Token", "0".repeat(128).as_str())],
    );
    assert_eq!(r.status, 403);
    c.cookies.remove("csrfToken");
    let r = c.post("/resources.json", &json!({}));
    assert_eq!(
        (r.status, r.message()),
        (403, "Missing or incorrect CSRF cookie type.")
    );
    c.cookies.insert("csrfToken".into(), "f".repeat(128));
    c.send_csrf = true;
    assert_eq!(
        c.post("/resources.json", &json!({})).message(),
        "Missing or invalid CSRF cookie."
    );
}

#[test]
fn unknown_routes_get_the_404_envelope() {
    let server = start();
    let mut c = Client::new(&server);
    let r = c.get("/nothing/here.json");
    assert_eq!(r.status, 404);
    assert_eq!(r.json["header"]["status"], "error");
    assert_eq!(r.json["header"]["code"], 404);
    assert_eq!(
        r.message(),
        "A route matching \"/nothing/here.json\" could not be found."
    );
    assert_eq!(r.body(), &json!(""));
}

#[test]
fn api_v1_is_refused() {
    let server = start();
    let r = Client::new(&server).get("/auth/verify.json?api-version=v1");
    assert_eq!(
        (r.status, r.message()),
        (400, "API v1 support is deprecated.")
    );
}

#[test]
fn cors_allows_one_origin_with_credentials() {
    let server = start_with(|c| c.cors_origin = Some("http://127.0.0.1:9999".into()));
    let mut c = Client::new(&server);
    let r = c.request(
        "OPTIONS",
        "/resources.json",
        None,
        &[
            ("Origin", "http://127.0.0.1:9999"),
            ("Access-Control-Request-Headers", "x-csrf-token"),
        ],
    );
    assert_eq!(r.status, 204);
    assert_eq!(
        r.header("Access-Control-Allow-Origin"),
        Some("http://127.0.0.1:9999")
    );
    assert_eq!(r.header("Access-Control-Allow-Credentials"), Some("true"));
    assert_eq!(
        r.header("Access-Control-Allow-Headers"),
        Some("x-csrf-token")
    );
    let r = c.request(
        "GET",
        "/auth/verify.json",
        None,
        &[("Origin", "http://evil.test")],
    );
    assert_eq!(r.header("Access-Control-Allow-Origin"), None);
}

#[test]
fn settings_are_public_in_part_and_raw_on_request() {
    let server = start();
    let mut c = Client::new(&server);
    let r = c.get("/settings.json");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body()["app"]["url"],
        format!("{}/", server.url()).as_str()
    );
    let raw = c.get("/settings.json?contain[header]=0");
    assert!(raw.json.get("header").is_none());
    assert_eq!(raw.json["passbolt"]["edition"], "ce");
}
