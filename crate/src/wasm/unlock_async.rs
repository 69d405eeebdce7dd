//! `unlockKeyAsync`: `unlockKey` with the iterated S2K's hashing done by the browser's
//! WebCrypto (`crypto.subtle.digest`, native SHA) instead of wasm, as OpenPGP.js does: the
//! repeated `salt || passphrase` is laid out once in a buffer (62 MiB for count byte 255),
//! digested, then zeroized. In Node it is `unlockKey` (whose hashing `node:crypto` already
//! does); without WebCrypto, or for a hash WebCrypto lacks (SHA-224), that hashing stays
//! in wasm. The result is the same key.

use ::pgp::crypto::hash::HashAlgorithm;
use js_sys::{ArrayBuffer, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::SubtleCrypto;
use zeroize::Zeroizing;

use crate::pgp::{self, PrecomputedHashes, S2kHashing};

use super::crypto::{unlock_key, JsUnlockedKey};
use super::node_crypto;

/// As `unlockKey`, asynchronously: resolves to the same `UnlockedKey`, rejects with the same
/// `PgpError` (`WRONG_PASSPHRASE`, `S2K_TOO_EXPENSIVE`, ...). In a browser the iterated
/// S2K's hashing is done by WebCrypto, 2-4x faster than in wasm.
#[wasm_bindgen(js_name = unlockKeyAsync, unchecked_return_type = "Promise<UnlockedKey>")]
pub fn unlock_key_async(armored: String, passphrase: String) -> Promise {
    let passphrase = Zeroizing::new(passphrase);
    future_to_promise(async move {
        let subtle = subtle();
        let Some(subtle) = subtle.filter(|_| !node_crypto::available()) else {
            return unlock_key(&armored, &passphrase).map(JsValue::from);
        };
        // Every digest started before any is awaited: WebCrypto hashes off the main thread
        // while the next buffer is laid out.
        let mut started = Vec::new();
        for hashing in pgp::UnlockedKey::s2k_hashings(&armored, &passphrase)? {
            let digest = start_digest(&subtle, &hashing);
            started.push((hashing, digest));
        }
        let mut done = PrecomputedHashes::default();
        for (hashing, digest) in started {
            if let Some(digest) = finish_digest(digest).await {
                done.insert(hashing, digest);
            }
        }
        let key = pgp::UnlockedKey::unlock_with(&armored, &passphrase, Some(&done))?;
        Ok(JsUnlockedKey::from_inner(key).into())
    })
}

/// `globalThis.crypto.subtle`, if there.
pub(super) fn subtle() -> Option<SubtleCrypto> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    if crypto.is_undefined() || crypto.is_null() {
        return None;
    }
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    if subtle.is_undefined() || subtle.is_null() {
        return None;
    }
    Some(subtle.unchecked_into())
}

/// A digest under way: WebCrypto's promise and the buffer to zeroize once it is settled.
struct Started {
    promise: Promise,
    buffer: Uint8Array,
}

/// Starts the WebCrypto digest of `hashing`'s octets, laid out in one buffer; `None` for a
/// hash WebCrypto lacks or a refusal (wasm then hashes).
fn start_digest(subtle: &SubtleCrypto, hashing: &S2kHashing) -> Option<Started> {
    let name = match hashing.hash {
        HashAlgorithm::Sha1 => "SHA-1",
        HashAlgorithm::Sha256 => "SHA-256",
        HashAlgorithm::Sha384 => "SHA-384",
        HashAlgorithm::Sha512 => "SHA-512",
        _ => return None,
    };
    let unit = hashing.unit.len();
    if unit == 0 {
        return None;
    }
    let zeros = u32::try_from(hashing.zeros).ok()?;
    let total = u32::try_from(hashing.total).ok()?;
    let length = zeros.checked_add(total)?;
    let buffer = Uint8Array::new_with_length(length);
    // The zeros are there already; one unit, then doubling copies of whole units.
    let first = u32::try_from(unit.min(hashing.total)).ok()?;
    buffer
        .subarray(zeros, zeros + first)
        .copy_from(&hashing.unit[..first as usize]);
    let mut filled = first;
    while filled < total {
        let n = filled.min(total - filled);
        buffer.copy_within(
            i32::try_from(zeros + filled).ok()?,
            i32::try_from(zeros).ok()?,
            i32::try_from(zeros + n).ok()?,
        );
        filled += n;
    }
    match subtle.digest_with_str_and_buffer_source(name, &buffer) {
        Ok(promise) => Some(Started { promise, buffer }),
        Err(_) => {
            buffer.fill(0, 0, length);
            None
        }
    }
}

/// The digest of a started hashing; its buffer is zeroized.
async fn finish_digest(started: Option<Started>) -> Option<Zeroizing<Vec<u8>>> {
    let Started { promise, buffer } = started?;
    let result = JsFuture::from(promise).await.ok();
    buffer.fill(0, 0, buffer.length());
    let digest: ArrayBuffer = result?.dyn_into().ok()?;
    let digest = Uint8Array::new(&digest);
    let out = Zeroizing::new(digest.to_vec());
    digest.fill(0, 0, digest.length());
    Some(out)
}
