//! The sans-IO Passbolt protocol: plain HTTP values in, typed results out. No network here;
//! the [`crate::client`] layer (or any other runtime) moves the bytes.

pub mod auth;
pub mod http;
pub mod metadata;
pub mod session_keys;
