//! `#[wasm_bindgen]` exports: type conversion and error mapping only, no logic.

mod errors;
mod exports;
mod typescript;

pub use exports::{key_info, parse_envelope, start, validate_user_key, version};
