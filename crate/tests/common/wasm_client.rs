//! The client layer over the runtime's real `fetch` (Node: the client's cookie jar; Chromium:
//! the browser's cookies, cross-origin with CORS), against the test server that
//! `scripts/with-test-server.sh` starts and names in `PASSBOLT_TEST_SERVER` at build time.

use passbolt_core::client::fetch::{CookieMode, FetchTransport};
use passbolt_core::client::{
    Client, ClientError, ClientOptions, ResourceInput, ShareChange, Transport,
};
use passbolt_core::envelope::EnvelopeError;
use passbolt_core::pgp::UnlockedKey;
use passbolt_core::protocol::auth::{MfaProvider, SessionStatus};
use passbolt_core::protocol::http::{Method, Request};
use wasm_bindgen_test::wasm_bindgen_test;

const SERVER: Option<&str> = option_env!("PASSBOLT_TEST_SERVER");

fn server() -> &'static str {
    SERVER.expect(
        "PASSBOLT_TEST_SERVER was not set when this suite was built: run it through \
         scripts/with-test-server.sh (make test does)",
    )
}

struct Seeded {
    user_id: &'static str,
    armored: &'static str,
    passphrase: &'static str,
}

const ADA: Seeded = Seeded {
    user_id: "f848277c-5398-58f8-a82a-72397af2d450",
    armored: include_str!("../../../tests/server/seed/keys/ada_private.asc"),
    passphrase: "ada@passbolt.test",
};
const BETTY: Seeded = Seeded {
    user_id: "",
    armored: include_str!("../../../tests/server/seed/keys/betty_private.asc"),
    passphrase: "betty@passbolt.test",
};
const CAROL: Seeded = Seeded {
    user_id: "",
    armored: include_str!("../../../tests/server/seed/keys/carol_private.asc"),
    passphrase: "carol@passbolt.test",
};
const DAME: Seeded = Seeded {
    user_id: "",
    armored: include_str!("../../../tests/server/seed/keys/dame_private.asc"),
    passphrase: "dame@passbolt.test",
};

fn unlock(who: &Seeded) -> UnlockedKey {
    UnlockedKey::unlock(who.armored, who.passphrase).expect("the seeded key unlocks")
}

fn transport() -> FetchTransport {
    FetchTransport::new(20_000, CookieMode::detect()).expect("transport")
}

fn client() -> Client<FetchTransport> {
    Client::new(server(), transport(), ClientOptions::default()).expect("client")
}

fn data_url(mime: &str, body: &str) -> String {
    format!("data:{mime},{}", js_sys::encode_uri_component(body))
}

#[wasm_bindgen_test]
async fn fetch_reads_status_headers_and_body() {
    let body = r#"{"header":{"status":"success"},"body":[]}"#;
    let response = transport()
        .send(
            &data_url("application/json", body),
            &Request::new(Method::Get, "/"),
        )
        .await
        .expect("a data URL is fetched");
    assert_eq!(response.status, 200);
    assert_eq!(response.body, body);
    assert_eq!(response.header("content-type"), Some("application/json"));
}

#[wasm_bindgen_test]
async fn an_html_answer_is_an_envelope_error() {
    let response = transport()
        .send(
            &data_url("text/html", "<html>502 Bad Gateway</html>"),
            &Request::new(Method::Get, "/"),
        )
        .await
        .expect("fetched");
    assert_eq!(
        response.envelope().unwrap_err(),
        EnvelopeError::Html { http_status: 200 }
    );
}

#[wasm_bindgen_test]
async fn an_unreachable_server_is_a_network_error() {
    // Port 9 (discard) on loopback: nothing listens there, the connection is refused.
    let client =
        Client::new("http://127.0.0.1:9", transport(), ClientOptions::default()).expect("client");
    let error = client.login(&unlock(&ADA)).await.unwrap_err();
    assert_eq!(error.code(), "NETWORK", "{error}");
}

#[wasm_bindgen_test]
async fn cookie_mode_follows_the_runtime() {
    let in_node =
        js_sys::Reflect::get(&js_sys::global(), &"process".into()).is_ok_and(|p| p.is_object());
    let expected = if in_node {
        CookieMode::Jar
    } else {
        CookieMode::Runtime
    };
    assert_eq!(CookieMode::detect(), expected);
}

#[wasm_bindgen_test]
async fn gpgauth_login_session_and_logout_for_each_key_shape() {
    for who in [&ADA, &BETTY, &CAROL] {
        let client = client();
        let key = unlock(who);
        let info = client.login(&key).await.expect("login");
        if !who.user_id.is_empty() {
            assert_eq!(info.user_id, who.user_id);
        }
        assert_eq!(info.server_fingerprint.len(), 40);
        assert_eq!(
            client.session_status().await.unwrap(),
            SessionStatus::LoggedIn
        );
        client.logout().await.expect("logout");
        assert_eq!(
            client.session_status().await.unwrap(),
            SessionStatus::LoggedOut
        );
    }
}

#[wasm_bindgen_test]
async fn jwt_login_and_logout() {
    let client = client();
    let info = client
        .login_jwt(&unlock(&ADA), ADA.user_id)
        .await
        .expect("JWT login");
    assert_eq!(info.user_id, ADA.user_id);
    assert_eq!(
        client.session_status().await.unwrap(),
        SessionStatus::LoggedIn
    );
    client.logout().await.expect("logout");
    assert_eq!(
        client.session_status().await.unwrap(),
        SessionStatus::LoggedOut
    );
}

#[wasm_bindgen_test]
async fn a_second_factor_is_reported_with_its_providers() {
    let client = client();
    let error = client.login(&unlock(&DAME)).await.unwrap_err();
    assert!(
        matches!(error, ClientError::MfaRequired { ref providers } if providers.contains(&MfaProvider::Totp)),
        "{error:?}"
    );
    assert!(matches!(
        client.session_status().await.unwrap(),
        SessionStatus::MfaRequired { .. }
    ));
}

#[wasm_bindgen_test]
async fn another_pinned_key_is_refused() {
    let options = ClientOptions {
        server_fingerprint: Some("0123456789ABCDEF0123456789ABCDEF01234567".into()),
    };
    let client = Client::new(server(), transport(), options).expect("client");
    let error = client.login(&unlock(&ADA)).await.unwrap_err();
    assert_eq!(error.code(), "SERVER_KEY_CHANGED");
    assert_eq!(client.user_id(), None);
}

/// Lists, reads one secret of each kind of key, and checks nothing failed.
async fn list_and_read(client: &Client<FetchTransport>) {
    let list = client.resources(None).await.expect("resources");
    assert!(!list.resources.is_empty());
    for item in &list.resources {
        assert!(item.error.is_none(), "{}: {:?}", item.id, item.error);
        assert!(item.metadata.is_some(), "{}", item.id);
    }
    assert!(list.decrypted > 0, "v5 metadata was decrypted");
    client.sync_keys().await.expect("key sync");
    let v5 = list
        .resources
        .iter()
        .find(|r| r.metadata_key_type.is_some())
        .expect("a v5 resource");
    let secret = client.secret(&v5.id).await.expect("secret");
    assert!(secret.verified(), "{:?}", secret.signers);
    // The second listing decrypts nothing again.
    assert_eq!(client.resources(None).await.expect("again").decrypted, 0);
}

#[wasm_bindgen_test]
async fn resources_and_secrets_for_each_key_shape_over_gpgauth() {
    for who in [&ADA, &BETTY, &CAROL] {
        let client = client();
        client.login(&unlock(who)).await.expect("login");
        list_and_read(&client).await;
        client.logout().await.expect("logout");
    }
}

#[wasm_bindgen_test]
async fn resources_and_secrets_over_jwt() {
    let client = client();
    client
        .login_jwt(&unlock(&ADA), ADA.user_id)
        .await
        .expect("JWT login");
    list_and_read(&client).await;
    client.logout().await.expect("logout");
}

#[wasm_bindgen_test]
async fn create_share_read_as_the_other_user_and_delete() {
    let ada = client();
    ada.login(&unlock(&ADA)).await.expect("login");
    let input: ResourceInput = serde_json::from_value(serde_json::json!({
        "metadata": {"name": "wasm created", "username": "ada", "uris": ["https://wasm.example"]},
        "secret": {"password": "wasm-S3cret", "description": "from the wasm suite"},
    }))
    .expect("input");
    let created = ada.create_resource(&input).await.expect("create");
    let users = ada.users().await.expect("users");
    let betty_id = users
        .iter()
        .find(|u| u.username == "betty@passbolt.test")
        .expect("betty")
        .id
        .clone();
    let changes: Vec<ShareChange> = serde_json::from_value(serde_json::json!([
        {"aro": "User", "aro_foreign_key": betty_id, "type": 1}
    ]))
    .expect("changes");
    let outcome = ada
        .share_resource(&created.id, &changes)
        .await
        .expect("share");
    assert_eq!(outcome.added, vec![betty_id]);
    // In a browser both clients share the page's cookies: one session at a time.
    ada.logout().await.expect("logout");
    let betty = client();
    betty.login(&unlock(&BETTY)).await.expect("betty logs in");
    betty.sync_keys().await.expect("sync");
    let secret = betty.secret(&created.id).await.expect("betty reads it");
    assert_eq!(secret.data.password.as_deref(), Some("wasm-S3cret"));
    assert_eq!(secret.signers[0].user_id.as_deref(), Some(ADA.user_id));
    assert!(secret.verified());
    betty.logout().await.expect("logout");
    let ada = client();
    ada.login(&unlock(&ADA)).await.expect("login");
    ada.delete_resource(&created.id).await.expect("delete");
    assert_eq!(
        ada.secret(&created.id).await.unwrap_err().code(),
        "NOT_FOUND"
    );
}

#[wasm_bindgen_test]
async fn jwt_refresh_works_twice_in_a_row() {
    // In Chromium the second refresh has only the browser's cookie to go by (the rotated
    // token is never shown to fetch); in Node the client's jar holds it.
    let client = client();
    client
        .login_jwt(&unlock(&ADA), ADA.user_id)
        .await
        .expect("JWT login");
    client.refresh_session().await.expect("first refresh");
    client.refresh_session().await.expect("second refresh");
    assert_eq!(
        client.session_status().await.unwrap(),
        SessionStatus::LoggedIn
    );
    assert!(!client
        .users()
        .await
        .expect("a call with the new token")
        .is_empty());
    client.logout().await.expect("logout");
    assert_eq!(
        client.refresh_session().await.unwrap_err().code(),
        "NOT_LOGGED_IN"
    );
}
