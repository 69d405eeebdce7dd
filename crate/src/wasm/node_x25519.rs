//! The X25519 of Curve25519 ECDH by Node's own `node:crypto`, synchronously: in Node the
//! synchronous decryptions of an unlocked key (`decryptMany`, `decryptWithKey`) and
//! `decryptManyAsync` hand the scalar multiplication to OpenSSL instead of doing it in wasm
//! (0.045 ms against about 0.15 ms per message on this machine kind). Everywhere else (a
//! browser, a bundle without `process.getBuiltinModule`) nothing changes.
//!
//! The secret scalar leaves wasm once per key packet, as a PKCS#8 buffer that is zeroized
//! right after `crypto.createPrivateKey` copied it into a `KeyObject`. That object is held
//! by this module only (no JavaScript reference to it escapes), as the WebCrypto
//! `CryptoKey` of `batch_async` is.

use std::cell::RefCell;

use base64::Engine;
use js_sys::{Function, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use zeroize::Zeroizing;

use crate::pgp::{self, BatchItem, DecryptOptions, Decrypted, EcdhPending, PgpError, Step};

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
}

impl NodeCrypto {
    /// Calls `crypto[name](argument)`.
    fn call(&self, name: &str, argument: &JsValue) -> Result<JsValue, JsValue> {
        let function: Function = Reflect::get(&self.module, &name.into())?.dyn_into()?;
        function.call1(&self.module, argument)
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

fn look_up() -> Result<Option<NodeCrypto>, JsValue> {
    let process = Reflect::get(&js_sys::global(), &"process".into())?;
    if !process.is_object() {
        return Ok(None);
    }
    let Ok(get_builtin) =
        Reflect::get(&process, &"getBuiltinModule".into())?.dyn_into::<Function>()
    else {
        return Ok(None);
    };
    let Ok(module) = get_builtin
        .call1(&process, &"node:crypto".into())?
        .dyn_into::<Object>()
    else {
        return Ok(None);
    };
    for name in ["createPrivateKey", "createPublicKey", "diffieHellman"] {
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
    Ok(Some(NodeCrypto {
        module,
        public_options,
        jwk,
        dh_options: Object::new(),
    }))
}

/// The `KeyObject`s of a handle's Curve25519 packets, by packet index, made on first use.
#[derive(Default)]
pub(crate) struct NodeKeys {
    keys: RefCell<Vec<(usize, JsValue)>>,
}

impl NodeKeys {
    /// Decrypts `item` as `pgp::decrypt_many` does with `key`, the X25519 by `node:crypto`
    /// (by wasm for an item it cannot take: the result is the same).
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
        }
    }

    /// The shared secret of `pending`'s ephemeral key and its packet's scalar; `None` when
    /// Node refused (a bad point, an all-zero result) or is not here.
    fn shared_secret(
        &self,
        key: &pgp::UnlockedKey,
        pending: &EcdhPending,
    ) -> Option<Zeroizing<[u8; 32]>> {
        let private = self.private_key(key, pending.packet())?;
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
            let view: Uint8Array = shared?.dyn_into().ok()?;
            let mut secret = Zeroizing::new([0u8; 32]);
            let fits = view.length() == 32;
            if fits {
                view.copy_to(&mut secret[..]);
            }
            view.fill(0, 0, view.length());
            fits.then_some(secret)
        })
    }

    /// The cached private `KeyObject` of packet `packet`, made on first use from its PKCS#8
    /// form (the copies of the scalar are zeroized). A refused key stops the use of
    /// `node:crypto` for the session.
    fn private_key(&self, key: &pgp::UnlockedKey, packet: usize) -> Option<JsValue> {
        if let Some((_, k)) = self.keys.borrow().iter().find(|(p, _)| *p == packet) {
            return Some(k.clone());
        }
        let pkcs8 = pgp::curve25519_pkcs8(key, packet)?;
        let made = NODE.with(|node| {
            let node = node.borrow();
            let node = node.as_ref()?.as_ref()?;
            let bytes = Uint8Array::from(&pkcs8[..]);
            let options = Object::new();
            let set = |name: &str, value: &JsValue| Reflect::set(&options, &name.into(), value);
            let made = set("key", &bytes)
                .and_then(|_| set("format", &"der".into()))
                .and_then(|_| set("type", &"pkcs8".into()))
                .and_then(|_| node.call("createPrivateKey", &options));
            bytes.fill(0, 0, bytes.length());
            Some(made)
        })?;
        drop(pkcs8);
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
