//! passbolt-core: the OpenPGP and protocol core of a Passbolt client, for WebAssembly and Node.
//!
//! Layers, each depending only on those below it (see `README.md`):
//! - [`wasm`]: `#[wasm_bindgen]` exports only (type conversion, error mapping).
//! - [`client`]: async flows over a transport (fetch through gloo-net in wasm32).
//! - [`protocol`]: sans-IO Passbolt protocol (HTTP requests and responses as values).
//! - [`envelope`]: the `{header, body}` response envelope of the Passbolt API.
//! - [`pgp`]: the OpenPGP facade over rPGP.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod client;
pub mod envelope;
pub mod pgp;
pub mod protocol;
pub mod wasm;
