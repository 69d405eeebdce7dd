//! Async flows over the network: the whole Passbolt API for one user, driving the sans-IO
//! [`crate::protocol`] layer through a [`Transport`].
//!
//! In wasm32 the transport is `fetch` through gloo-net ([`fetch::FetchTransport`]), in
//! browsers and in Node 18+. The flows are plain async Rust over the [`Transport`] trait, so the
//! native tests drive them too, with a blocking HTTP client against the test server.

mod api;
mod base_url;
mod connection;
mod error;
#[cfg(target_arch = "wasm32")]
pub mod fetch;
mod login;
mod transport;

pub use api::{Client, ClientOptions};
pub use base_url::BaseUrl;
pub use connection::Connection;
pub use error::{provider_name, ClientError};
pub use login::{LoginInfo, ServerVerification};
pub use transport::Transport;
