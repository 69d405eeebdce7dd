//! The wasm32 transport: `fetch` through gloo-net, in browsers and in Node 18+.

use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use web_sys::{AbortSignal, RequestCredentials};

use crate::protocol::http::{Method, Request, Response};

use super::error::ClientError;
use super::transport::Transport;

/// The default timeout of one request.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// Who keeps the cookies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieMode {
    /// The runtime does (a browser page or extension: `credentials: "include"`).
    Runtime,
    /// The client does, from `Set-Cookie` (Node, where `fetch` keeps none).
    Jar,
}

impl CookieMode {
    /// Node keeps no cookies; every other runtime with `fetch` is a browser.
    pub fn detect() -> Self {
        let global = js_sys::global();
        let node = Reflect::get(&global, &JsValue::from_str("process"))
            .and_then(|p| Reflect::get(&p, &JsValue::from_str("versions")))
            .and_then(|v| Reflect::get(&v, &JsValue::from_str("node")))
            .is_ok_and(|n| n.is_string());
        if node {
            CookieMode::Jar
        } else {
            CookieMode::Runtime
        }
    }
}

/// `fetch` with a timeout per request (covering the body) and the runtime's cookie handling.
#[derive(Debug, Clone)]
pub struct FetchTransport {
    timeout_ms: u32,
    cookies: CookieMode,
}

impl FetchTransport {
    /// A transport with a timeout in milliseconds (1 to 600,000) and a cookie mode.
    ///
    /// Errors: [`ClientError::InvalidOption`] `timeoutMs`.
    pub fn new(timeout_ms: u32, cookies: CookieMode) -> Result<Self, ClientError> {
        if !(1..=600_000).contains(&timeout_ms) {
            return Err(ClientError::InvalidOption {
                name: "timeoutMs",
                reason: "it must be between 1 and 600000 milliseconds",
            });
        }
        Ok(FetchTransport {
            timeout_ms,
            cookies,
        })
    }

    fn error(&self, error: gloo_net::Error) -> ClientError {
        match error {
            gloo_net::Error::JsError(e) if e.name == "TimeoutError" || e.name == "AbortError" => {
                ClientError::Timeout {
                    after_ms: self.timeout_ms,
                }
            }
            gloo_net::Error::JsError(e) => {
                ClientError::Network(format!("{}: {}", e.name, e.message))
            }
            other => ClientError::Network(other.to_string()),
        }
    }
}

impl Transport for FetchTransport {
    async fn send(&self, url: &str, request: &Request) -> Result<Response, ClientError> {
        let signal = AbortSignal::timeout_with_u32(self.timeout_ms);
        let method = match request.method {
            Method::Get => FetchMethod::GET,
            Method::Post => FetchMethod::POST,
            Method::Put => FetchMethod::PUT,
            Method::Delete => FetchMethod::DELETE,
        };
        let mut builder = RequestBuilder::new(url)
            .method(method)
            .abort_signal(Some(&signal))
            .header("Accept", "application/json");
        if self.cookies == CookieMode::Runtime {
            builder = builder.credentials(RequestCredentials::Include);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let sent = match &request.body {
            Some(body) => {
                builder
                    .header("Content-Type", "application/json")
                    .body(body.as_str())
                    .map_err(|e| self.error(e))?
                    .send()
                    .await
            }
            None => builder.send().await,
        };
        let response = sent.map_err(|e| self.error(e))?;
        let status = response.status();
        let headers = response
            .headers()
            .entries()
            .map(|(name, value)| (name.to_ascii_lowercase(), value))
            .collect();
        let body = response.text().await.map_err(|e| self.error(e))?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    fn runtime_cookies(&self) -> bool {
        self.cookies == CookieMode::Runtime
    }

    fn now(&self) -> i64 {
        (js_sys::Date::now() / 1000.0) as i64
    }
}
