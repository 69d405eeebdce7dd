//! `PassboltClient`: the client layer over `fetch`, one instance per server and user. Every
//! method returns a Promise; errors reject with an `Error` that has a stable `code`.

use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::client::fetch::{CookieMode, FetchTransport, DEFAULT_TIMEOUT_MS};
use crate::client::{Client, ClientError, ClientOptions};
use crate::protocol::auth::SessionStatus;

use super::client_types::{login_info, session_status, verification};
use super::crypto::JsUnlockedKey;
use super::exports::to_js;

/// A Passbolt client: server verification, GPGAuth or JWT login, and the API calls of the
/// logged-in user. In a browser the session cookie is the browser's (`credentials:
/// "include"`); in Node the client keeps its own cookie jar.
#[wasm_bindgen(js_name = PassboltClient)]
pub struct JsPassboltClient {
    inner: Rc<Client<FetchTransport>>,
    progress: Option<Function>,
}

/// Runs a client call as a Promise of its JSON-compatible result.
pub(crate) fn promise<T, F>(future: F) -> Promise
where
    T: Serialize,
    F: Future<Output = Result<T, ClientError>> + 'static,
{
    future_to_promise(async move {
        let value = future.await.map_err(JsValue::from)?;
        to_js(&value)
    })
}

fn option_string(options: &JsValue, name: &'static str) -> Result<Option<String>, JsValue> {
    let value = Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| {
        JsValue::from(ClientError::InvalidOption {
            name,
            reason: "it must be a string",
        })
    })
}

#[wasm_bindgen(js_class = PassboltClient)]
impl JsPassboltClient {
    /// A client of the server at `url`. Options: `timeoutMs` (per request, default 30000),
    /// `serverFingerprint` (the pinned server key; another key is then refused with
    /// `SERVER_KEY_CHANGED`), `onProgress(done, total)` (called during long decryptions),
    /// `cookies` (`"runtime"`: the browser keeps them; `"jar"`: the client does; default:
    /// `"jar"` in Node, `"runtime"` elsewhere).
    ///
    /// Throws a `ClientError` (`INVALID_URL`, `INVALID_OPTION`) or an `AuthError`
    /// (`INVALID_FINGERPRINT`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        url: &str,
        #[wasm_bindgen(unchecked_param_type = "PassboltClientOptions")] options: Option<JsValue>,
    ) -> Result<JsPassboltClient, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let (fingerprint, timeout_ms, cookies, progress) = if options.is_object() {
            let timeout = Reflect::get(&options, &JsValue::from_str("timeoutMs"))
                .unwrap_or(JsValue::UNDEFINED);
            let timeout_ms = match timeout.as_f64() {
                None if timeout.is_undefined() || timeout.is_null() => DEFAULT_TIMEOUT_MS,
                Some(ms) if ms.fract() == 0.0 && (1.0..=600_000.0).contains(&ms) => ms as u32,
                _ => {
                    return Err(ClientError::InvalidOption {
                        name: "timeoutMs",
                        reason: "it must be a whole number of milliseconds from 1 to 600000",
                    }
                    .into())
                }
            };
            let cookies = match option_string(&options, "cookies")?.as_deref() {
                None => CookieMode::detect(),
                Some("runtime") => CookieMode::Runtime,
                Some("jar") => CookieMode::Jar,
                Some(_) => {
                    return Err(ClientError::InvalidOption {
                        name: "cookies",
                        reason: "it must be \"runtime\" or \"jar\"",
                    }
                    .into())
                }
            };
            let progress = Reflect::get(&options, &JsValue::from_str("onProgress"))
                .unwrap_or(JsValue::UNDEFINED);
            let progress = match progress.dyn_into::<Function>() {
                Ok(f) => Some(f),
                Err(v) if v.is_undefined() || v.is_null() => None,
                Err(_) => {
                    return Err(ClientError::InvalidOption {
                        name: "onProgress",
                        reason: "it must be a function (done, total) => void",
                    }
                    .into())
                }
            };
            (
                option_string(&options, "serverFingerprint")?,
                timeout_ms,
                cookies,
                progress,
            )
        } else if options.is_undefined() || options.is_null() {
            (None, DEFAULT_TIMEOUT_MS, CookieMode::detect(), None)
        } else {
            return Err(ClientError::InvalidOption {
                name: "options",
                reason: "it must be an object",
            }
            .into());
        };
        let transport = FetchTransport::new(timeout_ms, cookies)?;
        let options = ClientOptions {
            server_fingerprint: fingerprint,
        };
        Ok(JsPassboltClient {
            inner: Rc::new(Client::new(url, transport, options)?),
            progress,
        })
    }

    /// The server's base URL, without a trailing slash.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> String {
        self.inner.url().to_owned()
    }

    /// The pinned server fingerprint (the one given, or the one verified on first use).
    #[wasm_bindgen(getter, js_name = serverFingerprint)]
    pub fn server_fingerprint(&self) -> Option<String> {
        self.inner.server_fingerprint()
    }

    /// The logged-in user's id, `undefined` when logged out.
    #[wasm_bindgen(getter, js_name = userId)]
    pub fn user_id(&self) -> Option<String> {
        self.inner.user_id()
    }

    /// Fetches and verifies the server key (GPGAuth stage 0 with the user's fingerprint);
    /// pins it on first use. Rejects with `SERVER_KEY_CHANGED` for another key than the pinned.
    #[wasm_bindgen(js_name = verifyServer, unchecked_return_type = "Promise<ServerVerification>")]
    pub fn verify_server(&self, user_fingerprint: String) -> Promise {
        let client = self.inner.clone();
        promise(async move {
            let v = client.verify_server(&user_fingerprint).await?;
            Ok(verification(&v))
        })
    }

    /// Logs in by GPGAuth with an unlocked key. Rejects with `MFA_REQUIRED` (and `providers`)
    /// when the server wants a second factor: call `verifyTotp` then.
    #[wasm_bindgen(unchecked_return_type = "Promise<LoginInfo>")]
    pub fn login(&self, key: &JsUnlockedKey) -> Promise {
        let client = self.inner.clone();
        let key = key.inner().clone();
        promise(async move { Ok(login_info(&client.login(&key).await?)) })
    }

    /// Logs in by JWT as `userId` with an unlocked key; the access token is refreshed before
    /// it expires.
    #[wasm_bindgen(js_name = loginJwt, unchecked_return_type = "Promise<LoginInfo>")]
    pub fn login_jwt(&self, key: &JsUnlockedKey, user_id: String) -> Promise {
        let client = self.inner.clone();
        let key = key.inner().clone();
        promise(async move { Ok(login_info(&client.login_jwt(&key, &user_id).await?)) })
    }

    /// Refreshes the JWT access token now (calls refresh it by themselves before it expires).
    #[wasm_bindgen(js_name = refreshSession, unchecked_return_type = "Promise<void>")]
    pub fn refresh_session(&self) -> Promise {
        let client = self.inner.clone();
        promise(async move { client.refresh_session().await })
    }

    /// Sends a TOTP code for a session waiting for a second factor.
    #[wasm_bindgen(js_name = verifyTotp, unchecked_return_type = "Promise<void>")]
    pub fn verify_totp(&self, code: String, remember: Option<bool>) -> Promise {
        let client = self.inner.clone();
        promise(async move { client.verify_totp(&code, remember.unwrap_or(false)).await })
    }

    /// Where the session stands: `{status: "logged-in" | "logged-out" | "mfa-required",
    /// providers}`.
    #[wasm_bindgen(js_name = sessionStatus, unchecked_return_type = "Promise<SessionState>")]
    pub fn session_status(&self) -> Promise {
        let client = self.inner.clone();
        promise(async move {
            let status: SessionStatus = client.session_status().await?;
            Ok(session_status(&status))
        })
    }

    /// True when the session is logged in (and past MFA).
    #[wasm_bindgen(js_name = isAuthenticated, unchecked_return_type = "Promise<boolean>")]
    pub fn is_authenticated(&self) -> Promise {
        let client = self.inner.clone();
        promise(async move {
            Ok(matches!(
                client.session_status().await?,
                SessionStatus::LoggedIn
            ))
        })
    }

    /// Ends the session on the server and forgets it here, even when the server cannot be
    /// reached (the Promise then rejects, but the client is logged out).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn logout(&self) -> Promise {
        let client = self.inner.clone();
        promise(async move { client.logout().await })
    }
}

impl JsPassboltClient {
    /// The progress callback given to the constructor.
    pub(crate) fn progress(&self) -> Option<Function> {
        self.progress.clone()
    }

    /// The client, for a call that outlives this borrow.
    pub(crate) fn client(&self) -> Rc<Client<FetchTransport>> {
        self.inner.clone()
    }
}
