//! The client layer over the runtime's real `fetch` (Node: the client's cookie jar; Chromium:
//! the browser's cookies, cross-origin with CORS), against the test server that
//! `scripts/with-test-server.sh` starts and names in `PASSBOLT_TEST_SERVER` at build time.

use passbolt_core::client::fetch::{CookieMode, FetchTransport};
use passbolt_core::client::{Client, ClientError, ClientOptions, Transport};
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
