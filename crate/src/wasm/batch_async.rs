//! `UnlockedKey.decryptManyAsync`: `decryptMany` with the X25519 of Curve25519 ECDH done by
//! the platform's WebCrypto (`crypto.subtle.deriveBits`, native in Node 20 and Chromium
//! 133+), everything else in wasm. Without WebCrypto X25519 it is `decryptMany`.

use std::cell::{Cell, RefCell};

use js_sys::{Array, ArrayBuffer, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{CryptoKey, SubtleCrypto};
use zeroize::Zeroizing;

use crate::pgp::{
    self, BatchItem, DecryptOptions, Decrypted, EcdhPending, PgpError, PublicKey, SessionKey, Step,
};

use super::batch::{item_to_js, Input};
use super::crypto::{read_keys, JsUnlockedKey};

thread_local! {
    /// Set once a private X25519 key import failed: this runtime has no WebCrypto X25519.
    static NO_WEBCRYPTO_X25519: Cell<bool> = const { Cell::new(false) };
}

/// The non-extractable WebCrypto private keys of a handle's Curve25519 packets, by packet
/// index, imported on first use.
#[derive(Default)]
pub(crate) struct WebCryptoKeys {
    keys: RefCell<Vec<(usize, CryptoKey)>>,
}

impl WebCryptoKeys {
    fn get(&self, packet: usize) -> Option<CryptoKey> {
        let keys = self.keys.borrow();
        keys.iter()
            .find(|(p, _)| *p == packet)
            .map(|(_, k)| k.clone())
    }
}

#[wasm_bindgen(js_class = UnlockedKey)]
impl JsUnlockedKey {
    /// As `decryptMany`, asynchronously: resolves to the same result array. The X25519 of
    /// the items this Curve25519 key must open (no usable session key) is done by WebCrypto,
    /// all of them at once; the rest in wasm. Where WebCrypto has no X25519 (or for another
    /// kind of key) it does what `decryptMany` does. Rejects with a `TypeError` for
    /// malformed items, as `decryptMany` throws; one bad item never fails the batch.
    #[wasm_bindgen(
        js_name = decryptManyAsync,
        unchecked_return_type = "Promise<DecryptManyResult[]>"
    )]
    pub fn decrypt_many_async(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DecryptManyItem[]")] items: JsValue,
        #[wasm_bindgen(js_name = verificationKeys)] verification_keys: Option<Vec<String>>,
    ) -> Promise {
        let (key, webcrypto) = self.shared();
        future_to_promise(async move { run(items, &key, &webcrypto, verification_keys).await })
    }
}

async fn run(
    items: JsValue,
    key: &pgp::UnlockedKey,
    webcrypto: &WebCryptoKeys,
    verification_keys: Option<Vec<String>>,
) -> Result<JsValue, JsValue> {
    let inputs: Vec<Input> = serde_wasm_bindgen::from_value(items)
        .map_err(|e| js_sys::TypeError::new(&format!("items: {e}")))?;
    let keys = read_keys(&verification_keys.unwrap_or_default())?;
    let refs: Vec<&PublicKey> = keys.iter().collect();
    let options = DecryptOptions {
        verification_keys: &refs,
        require_signature: false,
    };
    let mut results: Vec<Option<Result<Decrypted, PgpError>>> = Vec::new();
    let mut pending: Vec<(usize, EcdhPending)> = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        // An item whose session key is not of the ALGO:HEX form fails alone.
        let session_key = match input.session_key.as_deref().map(SessionKey::parse) {
            Some(Err(e)) => {
                results.push(Some(Err(e)));
                continue;
            }
            Some(Ok(sk)) => Some(sk),
            None => None,
        };
        let item = BatchItem {
            message: &input.message,
            session_key: session_key.as_ref(),
        };
        match pgp::decrypt_or_prepare(&item, key, &options) {
            Step::Done(done) => results.push(Some(done)),
            Step::NeedsSharedSecret(p) => {
                results.push(None);
                pending.push((i, p));
            }
        }
    }
    if !pending.is_empty() {
        let secrets = shared_secrets(&pending, key, webcrypto).await;
        for ((i, p), secret) in pending.iter().zip(secrets) {
            results[*i] = Some(match secret {
                Some(secret) => p.finish(&secret, &options),
                // No WebCrypto X25519, or it refused this point: as `decryptMany` does.
                None => p.finish_with_key(key, &options),
            });
        }
    }
    let out = Array::new();
    for (input, result) in inputs.iter().zip(results) {
        let result = result.unwrap_or(Err(PgpError::NoMatchingKey));
        out.push(&item_to_js(&input.id, result)?);
    }
    Ok(out.into())
}

/// The X25519 shared secret of each pending item, from WebCrypto; `None` for every item
/// when WebCrypto has no X25519, or for an item whose derivation WebCrypto refused.
async fn shared_secrets(
    pending: &[(usize, EcdhPending)],
    key: &pgp::UnlockedKey,
    webcrypto: &WebCryptoKeys,
) -> Vec<Option<Zeroizing<[u8; 32]>>> {
    let none = || pending.iter().map(|_| None).collect();
    let Some(subtle) = subtle() else {
        return none();
    };
    // The private keys, imported once per handle and packet.
    let mut private: Vec<(usize, CryptoKey)> = Vec::new();
    for (_, p) in pending {
        if private.iter().any(|(packet, _)| *packet == p.packet()) {
            continue;
        }
        match private_key(&subtle, key, webcrypto, p.packet()).await {
            Some(k) => private.push((p.packet(), k)),
            None => return none(),
        }
    }
    let algorithm = |public: Option<&CryptoKey>| -> Result<Object, JsValue> {
        let a = Object::new();
        Reflect::set(&a, &"name".into(), &"X25519".into())?;
        if let Some(public) = public {
            Reflect::set(&a, &"public".into(), public)?;
        }
        Ok(a)
    };
    // The ephemeral public keys, then the derivations, each step all at once.
    let imports = Array::new();
    for (_, p) in pending {
        let raw = Uint8Array::from(&p.ephemeral()[..]);
        let promise = algorithm(None)
            .and_then(|a| subtle.import_key_with_object("raw", &raw, &a, true, &Array::new()));
        imports.push(
            &promise
                .map(JsValue::from)
                .unwrap_or_else(|e| Promise::reject(&e).into()),
        );
    }
    let publics = settled(Promise::all_settled(&imports)).await;
    let derivations = Array::new();
    for ((_, p), public) in pending.iter().zip(&publics) {
        let private = private.iter().find(|(packet, _)| *packet == p.packet());
        let promise = match (public, private) {
            (Some(public), Some((_, private))) => algorithm(Some(public.unchecked_ref()))
                .and_then(|a| subtle.derive_bits_with_object(&a, private, 256)),
            _ => Err(JsValue::NULL),
        };
        derivations.push(
            &promise
                .map(JsValue::from)
                .unwrap_or_else(|e| Promise::reject(&e).into()),
        );
    }
    let bits = settled(Promise::all_settled(&derivations)).await;
    bits.into_iter()
        .map(|b| {
            let buffer = b?.dyn_into::<ArrayBuffer>().ok()?;
            let view = Uint8Array::new(&buffer);
            let mut secret = Zeroizing::new([0u8; 32]);
            let fits = view.length() == 32;
            if fits {
                view.copy_to(&mut secret[..]);
            }
            view.fill(0, 0, view.length());
            fits.then_some(secret)
        })
        .collect()
}

/// The values of `Promise.allSettled`, `None` for a rejected one.
async fn settled(all: Promise) -> Vec<Option<JsValue>> {
    let Ok(outcomes) = JsFuture::from(all).await else {
        return Vec::new();
    };
    Array::from(&outcomes)
        .iter()
        .map(|o| {
            let fulfilled = Reflect::get(&o, &"status".into())
                .ok()
                .and_then(|s| s.as_string())
                .is_some_and(|s| s == "fulfilled");
            if fulfilled {
                Reflect::get(&o, &"value".into()).ok()
            } else {
                None
            }
        })
        .collect()
}

/// `globalThis.crypto.subtle`, unless missing or known to have no X25519.
fn subtle() -> Option<SubtleCrypto> {
    if NO_WEBCRYPTO_X25519.with(Cell::get) {
        return None;
    }
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

/// The cached WebCrypto private key of packet `packet`, imported (non-extractable) on first
/// use from its PKCS#8 form; the copies of the scalar are zeroized. A failed import marks
/// WebCrypto X25519 missing for the rest of the session.
async fn private_key(
    subtle: &SubtleCrypto,
    key: &pgp::UnlockedKey,
    webcrypto: &WebCryptoKeys,
    packet: usize,
) -> Option<CryptoKey> {
    if let Some(k) = webcrypto.get(packet) {
        return Some(k);
    }
    let pkcs8 = pgp::curve25519_pkcs8(key, packet)?;
    let bytes = Uint8Array::from(&pkcs8[..]);
    drop(pkcs8);
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"X25519".into()).ok()?;
    let usages = Array::of1(&"deriveBits".into());
    let imported = match subtle.import_key_with_object("pkcs8", &bytes, &algorithm, false, &usages)
    {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    bytes.fill(0, 0, bytes.length());
    match imported.ok().and_then(|k| k.dyn_into::<CryptoKey>().ok()) {
        Some(k) => {
            webcrypto.keys.borrow_mut().push((packet, k.clone()));
            Some(k)
        }
        None => {
            NO_WEBCRYPTO_X25519.with(|c| c.set(true));
            None
        }
    }
}
