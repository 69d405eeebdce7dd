//! The private-key operations of decryption by Node's own `node:crypto`, synchronously: in
//! Node the synchronous decryptions of an unlocked key (`decryptMany`, `decryptWithKey`) and
//! `decryptManyAsync` hand them to OpenSSL instead of doing them in wasm. Measured on this
//! machine kind: the X25519 of Curve25519 ECDH 0.045 ms against about 0.15 ms, the RSA-3072
//! decryption 1.8 ms against 27 ms. Everywhere else (a browser, a bundle without
//! `process.getBuiltinModule`) nothing changes.
//!
//! The secret key leaves wasm once per key packet, as a PKCS#8 (X25519) or PKCS#1 (RSA) DER
//! buffer that is zeroized right after `crypto.createPrivateKey` copied it into a
//! `KeyObject`. That object is held by this module only (no JavaScript reference to it
//! escapes), as the WebCrypto `CryptoKey` of `batch_async` is. RSA is decrypted raw
//! (`RSA_NO_PADDING`, which Node 20 allows where it refuses PKCS#1 v1.5 decryption) and
//! unpadded in wasm.

use std::cell::RefCell;

use base64::Engine;
use js_sys::{Function, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use zeroize::Zeroizing;

use ::pgp::crypto::hash::HashAlgorithm;

use crate::pgp::{
    self, BatchItem, DecryptOptions, Decrypted, EcdhPending, PgpError, RepeatHasher, RsaPending,
    Step,
};

/// `node:crypto` and the option objects reused by every call (Node reads them before
/// returning). Its functions are looked up at each call, as the WebCrypto methods are.
struct NodeCrypto {
    module: Object,
    /// `{key: {kty: "OKP", crv: "X25519", x}, format: "jwk"}`, `x` set for each message.
    public_options: Object,
    /// The `key` of `public_options`.
    jwk: Object,
    /// `{privateKey, publicKey}`, both set for each message.
    dh_options: Object,
    /// `{key, padding: RSA_NO_PADDING}`, `key` set for each message.
    rsa_options: Object,
}

impl NodeCrypto {
    /// Calls `crypto[name](argument)`.
    fn call(&self, name: &str, argument: &JsValue) -> Result<JsValue, JsValue> {
        let function: Function = Reflect::get(&self.module, &name.into())?.dyn_into()?;
        function.call1(&self.module, argument)
    }

    /// Calls `crypto[name](first, second)`.
    fn call2(&self, name: &str, first: &JsValue, second: &JsValue) -> Result<JsValue, JsValue> {
        let function: Function = Reflect::get(&self.module, &name.into())?.dyn_into()?;
        function.call2(&self.module, first, second)
    }
}

thread_local! {
    /// `node:crypto`, looked up on first use: `None` outside Node (or in a Node without
    /// `process.getBuiltinModule`, before 20.16), and after a private key it refused.
    static NODE: RefCell<Option<Option<NodeCrypto>>> = const { RefCell::new(None) };
}

/// Whether `node:crypto` does the X25519 here.
pub(crate) fn available() -> bool {
    NODE.with(|node| {
        let mut node = node.borrow_mut();
        node.get_or_insert_with(|| look_up().ok().flatten())
            .is_some()
    })
}

/// Stops using `node:crypto` for the rest of the session.
fn give_up() {
    NODE.with(|node| *node.borrow_mut() = Some(None));
}

/// Node's `node:crypto` through `process.getBuiltinModule` (Node 20.16 and later); `None`
/// elsewhere.
pub(super) fn builtin() -> Option<Object> {
    let process = Reflect::get(&js_sys::global(), &"process".into()).ok()?;
    if !process.is_object() {
        return None;
    }
    let get_builtin: Function = Reflect::get(&process, &"getBuiltinModule".into())
        .ok()?
        .dyn_into()
        .ok()?;
    get_builtin
        .call1(&process, &"node:crypto".into())
        .ok()?
        .dyn_into()
        .ok()
}

fn look_up() -> Result<Option<NodeCrypto>, JsValue> {
    let Some(module) = builtin() else {
        return Ok(None);
    };
    for name in [
        "createHash",
        "createPrivateKey",
        "createPublicKey",
        "diffieHellman",
        "privateDecrypt",
    ] {
        if !Reflect::get(&module, &name.into())?.is_function() {
            return Ok(None);
        }
    }
    let jwk = Object::new();
    Reflect::set(&jwk, &"kty".into(), &"OKP".into())?;
    Reflect::set(&jwk, &"crv".into(), &"X25519".into())?;
    let public_options = Object::new();
    Reflect::set(&public_options, &"key".into(), &jwk)?;
    Reflect::set(&public_options, &"format".into(), &"jwk".into())?;
    let constants = Reflect::get(&module, &"constants".into())?;
    let no_padding = Reflect::get(&constants, &"RSA_NO_PADDING".into())?;
    if no_padding.as_f64().is_none() {
        return Ok(None);
    }
    let rsa_options = Object::new();
    Reflect::set(&rsa_options, &"padding".into(), &no_padding)?;
    Ok(Some(NodeCrypto {
        module,
        public_options,
        jwk,
        dh_options: Object::new(),
        rsa_options,
    }))
}

/// The `KeyObject`s of a handle's Curve25519 and RSA packets, by packet index, made on first
/// use.
#[derive(Default)]
pub(crate) struct NodeKeys {
    keys: RefCell<Vec<(usize, JsValue)>>,
}

impl NodeKeys {
    /// Decrypts `item` as `pgp::decrypt_many` does with `key`, the X25519 or RSA operation
    /// by `node:crypto` (by wasm for an item it cannot take: the result is the same).
    pub(crate) fn decrypt(
        &self,
        item: &BatchItem<'_>,
        key: &pgp::UnlockedKey,
        options: &DecryptOptions<'_>,
    ) -> Result<Decrypted, PgpError> {
        match pgp::decrypt_or_prepare(item, key, options) {
            Step::Done(done) => done,
            Step::NeedsSharedSecret(pending) => match self.shared_secret(key, &pending) {
                Some(secret) => pending.finish(&secret, options),
                None => pending.finish_with_key(key, options),
            },
            Step::NeedsRsa(pending) => match self.rsa_decrypt(key, &pending) {
                Some(encoded) => pending.finish(&encoded, options),
                None => pending.finish_with_key(key, options),
            },
        }
    }

    /// The raw RSA decryption of `pending`'s ciphertext by its packet's private key; `None`
    /// when Node refused or is not here.
    fn rsa_decrypt(
        &self,
        key: &pgp::UnlockedKey,
        pending: &RsaPending,
    ) -> Option<Zeroizing<Vec<u8>>> {
        let private = self.private_key(key, pending.packet(), pgp::rsa_pkcs1_der, "pkcs1")?;
        NODE.with(|node| {
            let node = node.borrow();
            let node = node.as_ref()?.as_ref()?;
            Reflect::set(&node.rsa_options, &"key".into(), &private).ok()?;
            let ciphertext = Uint8Array::from(pending.ciphertext());
            let decrypted = node
                .call2("privateDecrypt", &node.rsa_options, &ciphertext)
                .ok();
            // No reference to the private key object stays in a reused object.
            let _ = Reflect::set(&node.rsa_options, &"key".into(), &JsValue::NULL);
            let view: Uint8Array = decrypted?.dyn_into().ok()?;
            let out = Zeroizing::new(view.to_vec());
            view.fill(0, 0, view.length());
            Some(out)
        })
    }

    /// The shared secret of `pending`'s ephemeral key and its packet's scalar; `None` when
    /// Node refused (a bad point, an all-zero result) or is not here.
    fn shared_secret(
        &self,
        key: &pgp::UnlockedKey,
        pending: &EcdhPending,
    ) -> Option<Zeroizing<[u8; 32]>> {
        let private = self.private_key(key, pending.packet(), pgp::curve25519_pkcs8, "pkcs8")?;
        NODE.with(|node| {
            let node = node.borrow();
            let node = node.as_ref()?.as_ref()?;
            let x = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(pending.ephemeral());
            Reflect::set(&node.jwk, &"x".into(), &x.into()).ok()?;
            let public = node.call("createPublicKey", &node.public_options).ok()?;
            Reflect::set(&node.dh_options, &"privateKey".into(), &private).ok()?;
            Reflect::set(&node.dh_options, &"publicKey".into(), &public).ok()?;
            let shared = node.call("diffieHellman", &node.dh_options).ok();
            // No reference to the private key object stays in a reused object.
            let _ = Reflect::set(&node.dh_options, &"privateKey".into(), &JsValue::NULL);
            take_shared_secret(&shared?.dyn_into().ok()?)
        })
    }

    /// The cached private `KeyObject` of packet `packet`, made on first use from the DER
    /// that `export` gives (`der_type` is `pkcs8` or `pkcs1`); the copies of the key are
    /// zeroized. A refused key stops the use of `node:crypto` for the session.
    fn private_key(
        &self,
        key: &pgp::UnlockedKey,
        packet: usize,
        export: fn(&pgp::UnlockedKey, usize) -> Option<Zeroizing<Vec<u8>>>,
        der_type: &str,
    ) -> Option<JsValue> {
        if let Some((_, k)) = self.keys.borrow().iter().find(|(p, _)| *p == packet) {
            return Some(k.clone());
        }
        let der = export(key, packet)?;
        let made = NODE.with(|node| {
            let node = node.borrow();
            let node = node.as_ref()?.as_ref()?;
            let bytes = Uint8Array::from(&der[..]);
            let options = Object::new();
            let set = |name: &str, value: &JsValue| Reflect::set(&options, &name.into(), value);
            let made = set("key", &bytes)
                .and_then(|_| set("format", &"der".into()))
                .and_then(|_| set("type", &der_type.into()))
                .and_then(|_| node.call("createPrivateKey", &options));
            bytes.fill(0, 0, bytes.length());
            Some(made)
        })?;
        drop(der);
        match made {
            Ok(k) if k.is_object() => {
                self.keys.borrow_mut().push((packet, k.clone()));
                Some(k)
            }
            _ => {
                give_up();
                None
            }
        }
    }
}

/// The 32 bytes of an X25519 shared secret that the platform answered in `view`, which is
/// zeroized; `None` for another length.
pub(super) fn take_shared_secret(view: &Uint8Array) -> Option<Zeroizing<[u8; 32]>> {
    let mut secret = Zeroizing::new([0u8; 32]);
    let fits = view.length() == 32;
    if fits {
        view.copy_to(&mut secret[..]);
    }
    view.fill(0, 0, view.length());
    fits.then_some(secret)
}

/// Bytes of repeated `salt || passphrase` handed to Node per `update` call.
const HASH_CHUNK_BYTES: usize = 256 * 1024;

/// The iterated S2K's hashing by `node:crypto` (native SHA, about 9x the wasm speed here).
pub(crate) struct NodeHasher;

impl RepeatHasher for NodeHasher {
    fn digest_of_repetition(
        &self,
        hash: HashAlgorithm,
        zeros: usize,
        unit: &[u8],
        total: usize,
    ) -> Option<Zeroizing<Vec<u8>>> {
        let name = match hash {
            HashAlgorithm::Sha1 => "sha1",
            HashAlgorithm::Sha224 => "sha224",
            HashAlgorithm::Sha256 => "sha256",
            HashAlgorithm::Sha384 => "sha384",
            HashAlgorithm::Sha512 => "sha512",
            _ => return None,
        };
        if unit.is_empty() || zeros > 64 {
            return None;
        }
        NODE.with(|node| {
            let node = node.borrow();
            let node = node.as_ref()?.as_ref()?;
            let hasher = node.call("createHash", &name.into()).ok()?;
            let update: Function = Reflect::get(&hasher, &"update".into())
                .ok()?
                .dyn_into()
                .ok()?;
            // Whole units only, so that every chunk starts on a salt.
            let units = (HASH_CHUNK_BYTES / unit.len()).max(1);
            let mut chunk = Zeroizing::new(Vec::with_capacity(zeros.max(units * unit.len())));
            chunk.resize(zeros, 0);
            let mut ok = zeros == 0 || update.call1(&hasher, &Uint8Array::from(&chunk[..])).is_ok();
            chunk.clear();
            for _ in 0..units {
                chunk.extend_from_slice(unit);
            }
            let view = Uint8Array::from(&chunk[..]);
            let mut left = total;
            while ok && left > 0 {
                let n = left.min(chunk.len());
                let part = if n == chunk.len() {
                    view.clone()
                } else {
                    view.subarray(0, u32::try_from(n).ok()?)
                };
                ok = update.call1(&hasher, &part).is_ok();
                left -= n;
            }
            view.fill(0, 0, view.length());
            let digest = Reflect::get(&hasher, &"digest".into())
                .ok()?
                .dyn_into::<Function>()
                .ok()?
                .call0(&hasher);
            let digest: Uint8Array = digest.ok()?.dyn_into().ok()?;
            let out = Zeroizing::new(digest.to_vec());
            digest.fill(0, 0, digest.length());
            ok.then_some(out)
        })
    }
}
