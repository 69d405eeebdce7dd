//! The OpenPGP layer: a facade over rPGP (`pgp` crate) speaking in Passbolt's terms.
//!
//! Plain Rust, no JS types: tested natively with `cargo test`.

mod algorithm;
mod armor;
mod armor_fast;
mod batch;
mod certify;
mod decrypt;
mod ecdh_split;
mod ecdh_unwrap;
mod encrypt;
mod error;
mod generate;
mod integrity;
mod key_info;
mod key_packets;
mod key_read;
mod key_rules;
mod keyring;
mod layers;
mod public_key;
mod rsa_fast;
mod rsa_split;
mod s2k;
mod s2k_cost;
mod secret_unlock;
mod seipd_fast;
mod self_signatures;
mod session_key;
mod signature_check;
mod signatures;
mod signer;
mod unlocked_key;
mod x25519_batch;

pub use batch::{decrypt_many, BatchItem};
pub use certify::{certify_user_ids, verify_certifications, Certification};
pub use decrypt::{decrypt, DecryptOptions, DecryptWith, Decrypted};
pub use ecdh_split::{curve25519_pkcs8, decrypt_or_prepare, EcdhPending, Step};
pub use encrypt::{encrypt, encrypt_signed_by_all};
pub use error::{BlockKind, PgpError};
pub use generate::{
    generate_key, generate_key_with, generate_unlocked_key, generate_unlocked_key_with,
    GeneratedKey, KeyAlgorithm,
};
pub use key_info::{key_info, key_info_at, Capability, KeyInfo, ServerKeyType, SubkeyInfo};
pub use key_read::MAX_KEY_ARMOR_BYTES;
pub use key_rules::{validate_user_key, validate_user_key_at, KeyRule, KeyRuleViolation};
pub use keyring::Keyring;
pub use layers::MAX_COMPRESSION_LAYERS;
pub use public_key::PublicKey;
pub use rsa_split::{rsa_pkcs1_der, RsaPending};
pub use s2k::{PrecomputedHashes, RepeatHasher, S2kHashing};
pub use s2k_cost::{MAX_ARGON2_MEMORY_KIB, MAX_S2K_WORK_KIB};
pub use session_key::SessionKey;
pub use signature_check::{SignatureCheck, MAX_MESSAGE_BYTES};
pub use signatures::{
    sign_cleartext, sign_detached, sign_inline, verify_cleartext, verify_detached, verify_inline,
    Verified,
};
pub use unlocked_key::UnlockedKey;
pub use x25519_batch::decrypt_many_paired;
