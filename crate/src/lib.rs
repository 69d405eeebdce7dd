//! passbolt-core: the OpenPGP and protocol core of a Passbolt client, for WebAssembly and Node.
//!
//! Layers, each depending only on those below it (see `README.md`):
//! - [`wasm`]: `#[wasm_bindgen]` exports only (type conversion, error mapping).
//! - `client`: async flows over fetch (wasm32 only).
//! - [`protocol`]: sans-IO Passbolt protocol (HTTP requests and responses as values).
//! - [`envelope`]: the `{header, body}` response envelope of the Passbolt API.
//! - [`pgp`]: the OpenPGP facade over rPGP.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(target_arch = "wasm32")]
pub mod client;
pub mod envelope;
pub mod pgp;
pub mod protocol;
pub mod wasm;
