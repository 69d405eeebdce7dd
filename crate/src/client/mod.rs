//! Async flows over the network: the whole Passbolt API for one user, driving the sans-IO
//! [`crate::protocol`] layer through a [`Transport`].
//!
//! In wasm32 the transport is `fetch` through gloo-net ([`fetch::FetchTransport`]), in
//! browsers and in Node 18+. The flows are plain async Rust over the [`Transport`] trait, so the
//! native tests drive them too, with a blocking HTTP client against the test server.

mod api;
mod base_url;
mod connection;
mod directory;
mod error;
#[cfg(target_arch = "wasm32")]
pub mod fetch;
mod folders;
mod login;
mod secret;
mod sharing;
mod transport;
mod vault;
mod write;

pub use api::{Client, ClientOptions};
pub use base_url::BaseUrl;
pub use connection::Connection;
pub use error::{provider_name, ClientError};
pub use folders::FolderView;
pub use login::{LoginInfo, ServerVerification};
pub use secret::{SecretView, SignerView};
pub use sharing::{ShareChange, ShareOutcome};
pub use transport::Transport;
pub use vault::{ItemError, ResourceList, ResourceView, SessionKeysSave};
pub use write::ResourceInput;
