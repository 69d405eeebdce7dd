//! The OpenPGP layer: a facade over rPGP (`pgp` crate) speaking in Passbolt's terms.
//!
//! Plain Rust, no JS types: tested natively with `cargo test`.

mod algorithm;
mod armor;
mod error;
mod key_info;
mod key_read;
mod key_rules;
mod self_signatures;

pub use error::{BlockKind, PgpError};
pub use key_info::{key_info, key_info_at, Capability, KeyInfo, ServerKeyType, SubkeyInfo};
pub use key_read::MAX_KEY_ARMOR_BYTES;
pub use key_rules::{validate_user_key, validate_user_key_at, KeyRule, KeyRuleViolation};
