//! Decrypting a list of messages in one call: a vault is thousands of small messages, and
//! crossing the JS/wasm boundary once per list keeps the per-item cost to the crypto.

use super::decrypt::{decrypt, DecryptOptions, DecryptWith, Decrypted};
use super::error::PgpError;
use super::session_key::SessionKey;
use super::unlocked_key::UnlockedKey;
use super::x25519_batch::decrypt_many_paired;

/// One message of a batch, with its cached session key when there is one.
pub struct BatchItem<'a> {
    /// The armored message.
    pub message: &'a str,
    /// A session key from Passbolt's cache, tried first.
    pub session_key: Option<&'a SessionKey>,
}

/// Decrypts every item: with its session key when given, falling back to `key` when that
/// session key does not fit (a stale cache entry); with `key` otherwise. One item's failure
/// is its own result and never stops the batch.
pub fn decrypt_many(
    items: &[BatchItem<'_>],
    key: Option<&UnlockedKey>,
    options: &DecryptOptions<'_>,
) -> Vec<Result<Decrypted, PgpError>> {
    match key {
        // In wasm, Curve25519 X25519s two at a time (see `x25519_batch`).
        Some(key) if PAIRED_X25519 => decrypt_many_paired(items, key, options),
        _ => items
            .iter()
            .map(|item| decrypt_one(item, key, options))
            .collect(),
    }
}

/// Whether [`decrypt_many`] pairs the X25519s of a batch: in wasm, where a pair costs about
/// 1.15x one X25519 of `x25519-dalek`. Natively, where `x25519-dalek` has 64-bit limbs, a
/// pair costs about as much as two of its calls, so the usual path stays.
const PAIRED_X25519: bool = cfg!(target_arch = "wasm32");

fn decrypt_one(
    item: &BatchItem<'_>,
    key: Option<&UnlockedKey>,
    options: &DecryptOptions<'_>,
) -> Result<Decrypted, PgpError> {
    if let Some(session_key) = item.session_key {
        match decrypt(item.message, DecryptWith::SessionKey(session_key), options) {
            Err(PgpError::DecryptionFailed) if key.is_some() => {}
            done => return done,
        }
    }
    match key {
        Some(key) => decrypt(item.message, DecryptWith::Key(key), options),
        None => Err(PgpError::NoMatchingKey),
    }
}
