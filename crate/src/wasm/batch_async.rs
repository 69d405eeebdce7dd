//! `UnlockedKey.decryptManyAsync`: `decryptMany` with the X25519 of Curve25519 ECDH done by
//! the browser's WebCrypto (`crypto.subtle.deriveBits`, native in Chromium 133+), everything
//! else in wasm. In Node it is `decryptMany`, whose X25519 `node:crypto` already does
//! synchronously (faster than Node's WebCrypto promises; see `node_crypto`); without
//! WebCrypto X25519 it is `decryptMany` too.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

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
use super::node_crypto;

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
    /// As `decryptMany`, asynchronously: resolves to the same result array. In a browser,
    /// the X25519 of the items this Curve25519 key must open (no usable session key) is done
    /// by WebCrypto, all of them at once; the rest in wasm. In Node (where `decryptMany`
    /// already hands the X25519 to `node:crypto`), where WebCrypto has no X25519, or for
    /// another kind of key it does what `decryptMany` does. Rejects with a `TypeError` for
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
        if node_crypto::available() {
            // Node's synchronous X25519 is faster than its WebCrypto promises.
            return match super::batch::run(items, Some(self), verification_keys) {
                Ok(out) => Promise::resolve(&out),
                Err(e) => Promise::reject(&e),
            };
        }
        let (key, webcrypto) = self.shared();
        future_to_promise(run(items, key, webcrypto, verification_keys))
    }
}

async fn run(
    items: JsValue,
    key: Rc<pgp::UnlockedKey>,
    webcrypto: Rc<WebCryptoKeys>,
    verification_keys: Option<Vec<String>>,
) -> Result<JsValue, JsValue> {
    let inputs: Vec<Input> = serde_wasm_bindgen::from_value(items)
        .map_err(|e| js_sys::TypeError::new(&format!("items: {e}")))?;
    let keys = Rc::new(read_keys(&verification_keys.unwrap_or_default())?);
    let refs: Vec<&PublicKey> = keys.iter().collect();
    let options = DecryptOptions {
        verification_keys: &refs,
        require_signature: false,
    };
    let out = Array::new_with_length(u32::try_from(inputs.len()).unwrap_or(u32::MAX));
    let mut pending: Vec<(u32, EcdhPending)> = Vec::new();
    for (i, input) in (0u32..).zip(&inputs) {
        // An item whose session key is not of the ALGO:HEX form fails alone.
        let session_key = match input.session_key.as_deref().map(SessionKey::parse) {
            Some(Err(e)) => {
                out.set(i, item_to_js(&input.id, Err(e))?);
                continue;
            }
            Some(Ok(sk)) => Some(sk),
            None => None,
        };
        let item = BatchItem {
            message: &input.message,
            session_key: session_key.as_ref(),
        };
        match pgp::decrypt_or_prepare(&item, &key, &options) {
            Step::Done(done) => out.set(i, item_to_js(&input.id, done)?),
            Step::NeedsSharedSecret(p) => pending.push((i, p)),
            // No raw RSA in WebCrypto: in wasm.
            Step::NeedsRsa(p) => {
                out.set(i, item_to_js(&input.id, p.finish_with_key(&key, &options))?)
            }
        }
    }
    if pending.is_empty() {
        return Ok(out.into());
    }
    let private = match subtle() {
        Some(subtle) => private_keys(&subtle, &pending, &key, &webcrypto)
            .await
            .map(|keys| (subtle, keys)),
        None => None,
    };
    let Some((subtle, private)) = private else {
        // No WebCrypto X25519: as `decryptMany` does.
        for (i, p) in pending {
            let id = &inputs[i as usize].id;
            out.set(i, item_to_js(id, p.finish_with_key(&key, &options))?);
        }
        return Ok(out.into());
    };
    // One task per item (import the ephemeral key, derive, finish in wasm), all started at
    // once: WebCrypto works off the main thread while finished items are decrypted here.
    let tasks = Array::new();
    for (i, p) in pending {
        let found = private.iter().find(|(packet, _)| *packet == p.packet());
        let Some((_, private)) = found else {
            // Not reached: `private_keys` imported every packet the items need.
            let id = &inputs[i as usize].id;
            out.set(i, item_to_js(id, p.finish_with_key(&key, &options))?);
            continue;
        };
        let private = private.clone();
        let task = Task {
            subtle: subtle.clone(),
            private,
            pending: p,
            key: Rc::clone(&key),
            verification_keys: Rc::clone(&keys),
        };
        let id = inputs[i as usize].id.clone();
        let out = out.clone();
        tasks.push(&future_to_promise(async move {
            let result = task.run().await;
            out.set(i, item_to_js(&id, result)?);
            Ok(JsValue::UNDEFINED)
        }));
    }
    JsFuture::from(Promise::all(&tasks)).await?;
    Ok(out.into())
}

/// One pending item and what its X25519 by WebCrypto needs.
struct Task {
    subtle: SubtleCrypto,
    private: CryptoKey,
    pending: EcdhPending,
    key: Rc<pgp::UnlockedKey>,
    verification_keys: Rc<Vec<PublicKey>>,
}

impl Task {
    /// The item's result: with the shared secret from WebCrypto, or (when WebCrypto refused
    /// this point) as `decryptMany` gives it.
    async fn run(self) -> Result<Decrypted, PgpError> {
        let refs: Vec<&PublicKey> = self.verification_keys.iter().collect();
        let options = DecryptOptions {
            verification_keys: &refs,
            require_signature: false,
        };
        match self.shared_secret().await {
            Some(secret) => self.pending.finish(&secret, &options),
            None => self.pending.finish_with_key(&self.key, &options),
        }
    }

    /// `deriveBits` of the ephemeral public key and the packet's private key.
    async fn shared_secret(&self) -> Option<Zeroizing<[u8; 32]>> {
        let raw = Uint8Array::from(&self.pending.ephemeral()[..]);
        let import = self
            .subtle
            .import_key_with_object("raw", &raw, &x25519(None).ok()?, true, &Array::new())
            .ok()?;
        let public: CryptoKey = JsFuture::from(import).await.ok()?.dyn_into().ok()?;
        let derive = self
            .subtle
            .derive_bits_with_object(&x25519(Some(&public)).ok()?, &self.private, 256)
            .ok()?;
        let buffer: ArrayBuffer = JsFuture::from(derive).await.ok()?.dyn_into().ok()?;
        node_crypto::take_shared_secret(&Uint8Array::new(&buffer))
    }
}

/// The algorithm object `{name: "X25519", public?}`.
fn x25519(public: Option<&CryptoKey>) -> Result<Object, JsValue> {
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"X25519".into())?;
    if let Some(public) = public {
        Reflect::set(&algorithm, &"public".into(), public)?;
    }
    Ok(algorithm)
}

/// The WebCrypto private key of every packet the pending items need; `None` when WebCrypto
/// has no X25519.
async fn private_keys(
    subtle: &SubtleCrypto,
    pending: &[(u32, EcdhPending)],
    key: &pgp::UnlockedKey,
    webcrypto: &WebCryptoKeys,
) -> Option<Vec<(usize, CryptoKey)>> {
    let mut private: Vec<(usize, CryptoKey)> = Vec::new();
    for (_, p) in pending {
        if private.iter().all(|(packet, _)| *packet != p.packet()) {
            private.push((
                p.packet(),
                private_key(subtle, key, webcrypto, p.packet()).await?,
            ));
        }
    }
    Some(private)
}

/// `globalThis.crypto.subtle`, unless missing or known to have no X25519.
fn subtle() -> Option<SubtleCrypto> {
    if NO_WEBCRYPTO_X25519.with(Cell::get) {
        return None;
    }
    super::unlock_async::subtle()
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
