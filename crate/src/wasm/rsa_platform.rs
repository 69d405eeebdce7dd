//! RSA key generation by the platform's native code, as OpenPGP.js does it: in Node
//! `crypto.generateKeyPairSync` (synchronously, for `generateKey` and `generateUnlockedKey`),
//! and WebCrypto's `generateKey` (for `generateKeyAsync` and `generateUnlockedKeyAsync`, in
//! a browser and in Node). The platform's prime search takes a fraction of a second. Where
//! there is none (the synchronous calls in a browser), the primes are searched in wasm by
//! `rsa_crt32::rsa_primes`, whose Miller-Rabin rounds run on 32-bit limbs. In Chromium that
//! took 1.7 s for RSA-3072 and 4.6 s for RSA-4096 (means of 10), against 5.6 s and 20.6 s
//! for the `rsa` crate's search that rPGP runs; the platform's takes 0.5-1.5 s.
//!
//! The private key comes back from the platform as a JWK (`n`, `e`, `d`, `p`, `q` in
//! base64url) read into wasm once; the decoded octets are zeroized. The JWK and the
//! platform's key object are left to the garbage collector: JavaScript strings cannot be
//! wiped (the same holds for OpenPGP.js). A key the pgp layer finds unusable (wrong size or
//! exponent, invalid) is replaced by one generated in wasm.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use rsa::{BigUint, RsaPrivateKey};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::SubtleCrypto;
use zeroize::Zeroizing;

use super::node_crypto;

/// The RSA private key of a JWK; `None` when a field is missing or malformed.
fn from_jwk(jwk: &JsValue) -> Option<RsaPrivateKey> {
    let field = |name: &str| -> Option<Zeroizing<Vec<u8>>> {
        let text = Reflect::get(jwk, &name.into()).ok()?.as_string()?;
        URL_SAFE_NO_PAD.decode(text).ok().map(Zeroizing::new)
    };
    let number = |name: &str| field(name).map(|octets| BigUint::from_bytes_be(&octets));
    RsaPrivateKey::from_components(
        number("n")?,
        number("e")?,
        number("d")?,
        vec![number("p")?, number("q")?],
    )
    .ok()
}

/// A `bits`-bit RSA key (exponent 65537) by Node's `crypto.generateKeyPairSync`; `None`
/// outside Node (before 20.16) or if Node refuses.
pub(super) fn node_generate(bits: usize) -> Option<RsaPrivateKey> {
    let crypto = node_crypto::builtin()?;
    let generate: Function = Reflect::get(&crypto, &"generateKeyPairSync".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let options = Object::new();
    Reflect::set(&options, &"modulusLength".into(), &(bits as f64).into()).ok()?;
    Reflect::set(&options, &"publicExponent".into(), &65_537.into()).ok()?;
    let pair = generate.call2(&crypto, &"rsa".into(), &options).ok()?;
    let private = Reflect::get(&pair, &"privateKey".into()).ok()?;
    let export: Function = Reflect::get(&private, &"export".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let format = Object::new();
    Reflect::set(&format, &"format".into(), &"jwk".into()).ok()?;
    from_jwk(&export.call1(&private, &format).ok()?)
}

/// `count` RSA keys of `bits` bits (exponent 65537) by WebCrypto, generated at the same
/// time; an entry is `None` where WebCrypto refused.
pub(super) async fn web_generate(
    subtle: &SubtleCrypto,
    bits: usize,
    count: usize,
) -> Vec<Option<RsaPrivateKey>> {
    let started: Vec<Option<Promise>> = (0..count).map(|_| start(subtle, bits)).collect();
    let mut keys = Vec::with_capacity(count);
    for promise in started {
        keys.push(match promise {
            Some(promise) => finish(subtle, promise).await,
            None => None,
        });
    }
    keys
}

/// `subtle.generateKey` of an extractable RSASSA-PKCS1-v1_5 key pair (the algorithm only
/// names what WebCrypto may do with it; the numbers are an RSA key like any other).
fn start(subtle: &SubtleCrypto, bits: usize) -> Option<Promise> {
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"RSASSA-PKCS1-v1_5".into()).ok()?;
    Reflect::set(&algorithm, &"modulusLength".into(), &(bits as f64).into()).ok()?;
    let exponent = Uint8Array::from(&[1u8, 0, 1][..]);
    Reflect::set(&algorithm, &"publicExponent".into(), &exponent).ok()?;
    Reflect::set(&algorithm, &"hash".into(), &"SHA-256".into()).ok()?;
    let usages = Array::of2(&"sign".into(), &"verify".into());
    subtle
        .generate_key_with_object(&algorithm, true, &usages)
        .ok()
}

/// The private key of a settled `generateKey`, exported as a JWK and read.
async fn finish(subtle: &SubtleCrypto, promise: Promise) -> Option<RsaPrivateKey> {
    let pair = JsFuture::from(promise).await.ok()?;
    let private = Reflect::get(&pair, &"privateKey".into()).ok()?;
    let exported = subtle.export_key("jwk", &private.unchecked_into()).ok()?;
    from_jwk(&JsFuture::from(exported).await.ok()?)
}
