//! `#[wasm_bindgen]` exports: type conversion and error mapping only, no logic.

mod batch;
mod batch_async;
mod certify;
#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod client_data;
#[cfg(target_arch = "wasm32")]
mod client_errors;
#[cfg(target_arch = "wasm32")]
mod client_types;
mod crypto;
mod errors;
mod exports;
mod generate;
mod keys;
mod node_crypto;
mod protocol_codecs;
mod protocol_types;
mod results;
mod rsa_platform;
mod signatures;
mod typescript;
mod unlock_async;

pub use batch::decrypt_many;
pub use certify::{certify_key, verify_certifications};
#[cfg(target_arch = "wasm32")]
pub use client::JsPassboltClient;
pub use crypto::{
    decrypt_with_key, decrypt_with_password, decrypt_with_session_key, encrypt, encrypt_signed,
    unlock_key, JsUnlockedKey,
};
pub use exports::{key_info, parse_envelope, start, validate_user_key, version};
pub use generate::{
    generate_key, generate_key_async, generate_unlocked_key, generate_unlocked_key_async,
};
pub use keys::{read_key, JsKeyring, JsPublicKey};
pub use protocol_codecs::{
    build_list_query, check_gpgauth_token, decode_user_auth_token, encode_user_auth_token,
};
pub use protocol_types::{
    parse_secret, resource_type, resource_types, serialize_secret, validate_metadata,
    validate_secret,
};
pub use signatures::{
    sign_cleartext, sign_detached, sign_inline, verify_cleartext, verify_detached, verify_inline,
};
pub use unlock_async::unlock_key_async;
