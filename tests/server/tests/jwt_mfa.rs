//! JWT login/refresh/logout and TOTP MFA.

mod common;

use common::*;
use serde_json::json;

#[test]
fn jwt_login_refresh_and_logout() {
    let server = start();
    let carol = person("carol");
    let mut c = Client::new(&server);
    let (access, refresh) = jwt_login(&mut c, &carol);
    assert!(
        c.cookies.is_empty(),
        "no session or CSRF cookie for JWT requests: {:?}",
        c.cookies
    );
    c.bearer = Some(access.clone());
    let me = c.get("/users/me.json");
    assert_eq!(
        (me.status, me.body()["id"].as_str()),
        (200, Some(carol.id.as_str()))
    );
    assert_eq!(me.header("X-GPGAuth-Version"), None);

    // Refresh with the token in the body: a new access token, the next refresh token by cookie.
    let mut r_client = Client::new(&server);
    let r = r_client.post(
        "/auth/jwt/refresh.json",
        &json!({"user_id": carol.id, "refresh_token": refresh}),
    );
    assert_eq!(r.status, 200, "{:?}", r.json);
    let next = r_client
        .cookies
        .get("refresh_token")
        .cloned()
        .expect("rotated refresh token cookie");
    assert_ne!(next, refresh);
    assert!(
        r.body()["access_token"]
            .as_str()
            .unwrap()
            .split('.')
            .count()
            == 3
    );
    // The old one is consumed.
    let again = r_client.post(
        "/auth/jwt/refresh.json",
        &json!({"user_id": carol.id, "refresh_token": refresh}),
    );
    assert_eq!(
        (again.status, again.message()),
        (400, "The refresh token provided was already used.")
    );

    // Logout revokes every refresh token of the user.
    let out = c.post("/auth/jwt/logout.json", &json!({}));
    assert_eq!(out.status, 200);
    let after = Client::new(&server).post(
        "/auth/jwt/refresh.json",
        &json!({"user_id": carol.id, "refresh_token": next}),
    );
    assert_eq!(after.status, 400);
}

#[test]
fn access_tokens_expire_and_are_checked() {
    let server = start();
    let ada = person("ada");
    let mut c = Client::new(&server);
    let (access, _) = jwt_login(&mut c, &ada);
    c.bearer = Some(format!("{access}x"));
    assert_eq!(c.get("/users/me.json").status, 401);
    c.bearer = Some(access);
    assert_eq!(c.get("/users/me.json").status, 200);
    server.clock().advance(301);
    let r = c.get("/users/me.json");
    assert_eq!(
        (r.status, r.message()),
        (401, "Authentication is required to continue")
    );
}

#[test]
fn verify_tokens_cannot_be_replayed() {
    let server = start();
    let betty = person("betty");
    let mut c = Client::new(&server);
    let challenge = json!({"version": "1.0.0", "domain": c.base, "verify_token": passbolt_test_server::ids::uuid4(), "verify_token_expiry": chrono_now() + 300});
    let armored = encrypt(&challenge.to_string(), &server_fingerprint(), Some(&betty));
    let body = json!({"user_id": betty.id, "challenge": armored});
    assert_eq!(c.post("/auth/jwt/login.json", &body).status, 200);
    let r = c.post("/auth/jwt/login.json", &body);
    assert_eq!(
        (r.status, r.message()),
        (400, "The verify token has been already used in the past.")
    );
}

#[test]
fn challenges_are_checked() {
    let server = start();
    let (ada, betty) = (person("ada"), person("betty"));
    let mut c = Client::new(&server);
    let challenge = |domain: &str, expiry: i64| json!({"version": "1.0.0", "domain": domain, "verify_token": passbolt_test_server::ids::uuid4(), "verify_token_expiry": expiry});
    let now = chrono_now();
    let cases = [
        (
            challenge(&c.base, now + 300),
            Some(&betty),
            "The challenge signature is not valid for this user.",
        ),
        (
            challenge("https://elsewhere.test", now + 300),
            Some(&ada),
            "The domain does not match the server domain.",
        ),
        (
            challenge(&c.base, now - 10),
            Some(&ada),
            "The verify token has expired.",
        ),
        (
            challenge(&c.base, now + 7200),
            Some(&ada),
            "The verify token expiry is too far in the future.",
        ),
        (
            challenge(&c.base, now + 300),
            None,
            "The challenge signature is not valid for this user.",
        ),
    ];
    for (payload, signer, message) in cases {
        let armored = encrypt(&payload.to_string(), &server_fingerprint(), signer);
        let r = c.post(
            "/auth/jwt/login.json",
            &json!({"user_id": ada.id, "challenge": armored}),
        );
        assert_eq!((r.status, r.message()), (400, message));
    }
}

#[test]
fn jwt_public_key_routes() {
    let server = start();
    let mut c = Client::new(&server);
    let jwks = c.get("/auth/jwt/jwks.json");
    assert!(jwks.json.get("header").is_none());
    assert_eq!(jwks.json["keys"][0]["alg"], "RS256");
    assert_eq!(jwks.json["keys"][0]["e"], "AQAB");
    assert_eq!(
        jwks.json["keys"][0]["n"].as_str().unwrap().len(),
        683,
        "RSA-4096 modulus"
    );
    let rsa = c.get("/auth/jwt/rsa.json");
    assert!(rsa.body()["keydata"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN PUBLIC KEY-----"));
}

#[test]
fn totp_mfa_is_required_for_the_seeded_user() {
    let server = start();
    let dame = person("dame");
    let mut c = Client::new(&server);
    let token = stage1(&mut c, &dame);
    let r = c.post_form(
        "/auth/login.json",
        &[
            ("data[gpg_auth][keyid]", &dame.fingerprint),
            ("data[gpg_auth][user_token_result]", &token),
        ],
    );
    assert_eq!(r.status, 200);
    let r = c.get("/auth/is-authenticated.json");
    assert_eq!(r.status, 302);
    assert_eq!(
        r.header("Location"),
        Some(format!("{}/mfa/verify/error.json", server.url()).as_str())
    );
    let e = c.get("/mfa/verify/error.json");
    assert_eq!(
        (e.status, e.message()),
        (403, "MFA authentication is required.")
    );
    assert_eq!(e.body()["mfa_providers"], json!(["totp"]));
    assert_eq!(
        e.body()["providers"]["totp"],
        format!("{}/mfa/verify/totp.json", server.url()).as_str()
    );
    c.get("/users/csrf-token.json");
    let bad = c.post("/mfa/verify/totp.json", &json!({"totp": "000000"}));
    assert_eq!(
        (bad.status, bad.body()),
        (
            400,
            &json!({"totp": {"isValidOtp": "This OTP is not valid."}})
        )
    );
    let code = passbolt_test_server::totp::code(dame.totp_secret.as_deref().unwrap(), chrono_now())
        .unwrap();
    let ok = c.post(
        "/mfa/verify/totp.json",
        &json!({"totp": code, "remember": true}),
    );
    assert_eq!(ok.status, 200, "{:?}", ok.json);
    assert!(c.cookies.contains_key("passbolt_mfa"));
    assert_eq!(c.get("/auth/is-authenticated.json").status, 200);
}
