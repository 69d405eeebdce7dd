//! Shared test data for the integration suites (native and wasm).
// Each test binary uses a different part of this module.
#![allow(dead_code)]

#[cfg(not(target_arch = "wasm32"))]
pub mod files;
#[cfg(not(target_arch = "wasm32"))]
pub mod gpg;
pub mod hostile;
pub mod hostile_rows;
pub mod malformed;
pub mod malformed_rows;
pub mod message_files;
pub mod message_vectors;
#[cfg(not(target_arch = "wasm32"))]
pub mod protocol_fixtures;
#[cfg(target_arch = "wasm32")]
pub mod wasm_client;
#[cfg(target_arch = "wasm32")]
pub mod wasm_suite;
