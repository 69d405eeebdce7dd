//! Exports of the OpenPGP operations: the unlocked-key handle, encrypt, decrypt.

use std::rc::Rc;

use js_sys::{Object, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::pgp::{self, DecryptOptions, DecryptWith, PublicKey, SessionKey};

use super::batch_async::WebCryptoKeys;
use super::exports::to_js;
use super::node_crypto::{self, NodeKeys};
use super::results::set_decrypted;

/// A private key unlocked once; its secret material stays inside wasm. Call `free()` when
/// done (or let it be collected): the memory is zeroized.
#[wasm_bindgen(js_name = UnlockedKey)]
pub struct JsUnlockedKey {
    /// Shared with the asynchronous batches still running when the handle is freed.
    inner: Rc<pgp::UnlockedKey>,
    /// The WebCrypto keys of its Curve25519 packets, imported once (see `batch_async`).
    webcrypto: Rc<WebCryptoKeys>,
    /// The `node:crypto` keys of its Curve25519 packets, made once (see `node_crypto`).
    node: NodeKeys,
}

impl JsUnlockedKey {
    pub(crate) fn inner(&self) -> &pgp::UnlockedKey {
        &self.inner
    }

    pub(crate) fn shared(&self) -> (Rc<pgp::UnlockedKey>, Rc<WebCryptoKeys>) {
        (Rc::clone(&self.inner), Rc::clone(&self.webcrypto))
    }

    /// The `node:crypto` keys of its Curve25519 packets.
    pub(crate) fn node(&self) -> &NodeKeys {
        &self.node
    }

    pub(crate) fn from_inner(inner: pgp::UnlockedKey) -> Self {
        JsUnlockedKey {
            inner: Rc::new(inner),
            webcrypto: Rc::default(),
            node: NodeKeys::default(),
        }
    }
}

#[wasm_bindgen(js_class = UnlockedKey)]
impl JsUnlockedKey {
    /// The primary key fingerprint (40 upper-case hex digits).
    #[wasm_bindgen(getter)]
    pub fn fingerprint(&self) -> String {
        self.inner.fingerprint()
    }

    /// The key's information (`is_private` is true).
    #[wasm_bindgen(unchecked_return_type = "KeyInfo")]
    pub fn info(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.info()?)
    }

    /// The key's public part, armored.
    #[wasm_bindgen(js_name = publicArmor)]
    pub fn public_armor(&self) -> Result<String, JsValue> {
        Ok(self.inner.public_key().to_armored()?)
    }

    /// The key locked with `passphrase` (a new one changes the passphrase), armored.
    #[wasm_bindgen(js_name = toLockedArmor)]
    pub fn to_locked_armor(&self, passphrase: &str) -> Result<String, JsValue> {
        Ok(self.inner.to_locked_armor(passphrase)?)
    }
}

/// Unlocks an armored private key with its passphrase. Throws a `PgpError` with code
/// `WRONG_PASSPHRASE`, `NOT_A_PRIVATE_KEY`, `S2K_TOO_EXPENSIVE` (an Argon2 protection over
/// the limits, refused before any work) or a key-reading code.
#[wasm_bindgen(js_name = unlockKey)]
pub fn unlock_key(armored: &str, passphrase: &str) -> Result<JsUnlockedKey, JsValue> {
    // In Node, the iterated S2K's hashing by `node:crypto`.
    let platform: Option<&dyn pgp::RepeatHasher> = if node_crypto::available() {
        Some(&node_crypto::NodeHasher)
    } else {
        None
    };
    Ok(JsUnlockedKey::from_inner(pgp::UnlockedKey::unlock_with(
        armored, passphrase, platform,
    )?))
}

/// Encrypts text or bytes to the armored public keys in `recipients` (one key each):
/// SEIPDv1, AES-256, uncompressed, armored. Throws a `PgpError` (`UNUSABLE_RECIPIENT`
/// names the key) on failure.
#[wasm_bindgen]
pub fn encrypt(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
    recipients: Vec<String>,
) -> Result<String, JsValue> {
    let bytes = bytes_of(&data)?;
    let keys = read_keys(&recipients)?;
    let refs: Vec<&PublicKey> = keys.iter().collect();
    Ok(pgp::encrypt(&bytes, &refs, None)?)
}

/// As `encrypt`, signed by `signer` (which stays usable afterwards).
#[wasm_bindgen(js_name = encryptSigned)]
pub fn encrypt_signed(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
    recipients: Vec<String>,
    signer: &JsUnlockedKey,
) -> Result<String, JsValue> {
    let bytes = bytes_of(&data)?;
    let keys = read_keys(&recipients)?;
    let refs: Vec<&PublicKey> = keys.iter().collect();
    Ok(pgp::encrypt(&bytes, &refs, Some(signer.inner()))?)
}

/// Decrypts with an unlocked key. `verificationKeys` are armored public keys whose
/// signatures are checked; with `requireSignature` one of them must have signed.
#[wasm_bindgen(js_name = decryptWithKey, unchecked_return_type = "DecryptResult")]
pub fn decrypt_with_key(
    armored: &str,
    key: &JsUnlockedKey,
    #[wasm_bindgen(js_name = verificationKeys)] verification_keys: Option<Vec<String>>,
    #[wasm_bindgen(js_name = requireSignature)] require_signature: Option<bool>,
) -> Result<JsValue, JsValue> {
    if node_crypto::available() {
        let keys = read_keys(&verification_keys.unwrap_or_default())?;
        let refs: Vec<&PublicKey> = keys.iter().collect();
        let options = DecryptOptions {
            verification_keys: &refs,
            require_signature: require_signature.unwrap_or(false),
        };
        let item = pgp::BatchItem {
            message: armored,
            session_key: None,
        };
        let out = key.node().decrypt(&item, key.inner(), &options)?;
        let result = Object::new();
        set_decrypted(&result, &out)?;
        return Ok(result.into());
    }
    run_decrypt(
        armored,
        DecryptWith::Key(key.inner()),
        verification_keys,
        require_signature,
    )
}

/// Decrypts with a session key in Passbolt's `ALGO:HEX` form (e.g. `9:` + 64 hex).
#[wasm_bindgen(js_name = decryptWithSessionKey, unchecked_return_type = "DecryptResult")]
pub fn decrypt_with_session_key(
    armored: &str,
    #[wasm_bindgen(js_name = sessionKey)] session_key: &str,
    #[wasm_bindgen(js_name = verificationKeys)] verification_keys: Option<Vec<String>>,
    #[wasm_bindgen(js_name = requireSignature)] require_signature: Option<bool>,
) -> Result<JsValue, JsValue> {
    let key = SessionKey::parse(session_key)?;
    run_decrypt(
        armored,
        DecryptWith::SessionKey(&key),
        verification_keys,
        require_signature,
    )
}

/// Decrypts a password-encrypted message.
#[wasm_bindgen(js_name = decryptWithPassword, unchecked_return_type = "DecryptResult")]
pub fn decrypt_with_password(
    armored: &str,
    password: &str,
    #[wasm_bindgen(js_name = verificationKeys)] verification_keys: Option<Vec<String>>,
    #[wasm_bindgen(js_name = requireSignature)] require_signature: Option<bool>,
) -> Result<JsValue, JsValue> {
    run_decrypt(
        armored,
        DecryptWith::Password(password),
        verification_keys,
        require_signature,
    )
}

fn run_decrypt(
    armored: &str,
    with: DecryptWith<'_>,
    verification_keys: Option<Vec<String>>,
    require_signature: Option<bool>,
) -> Result<JsValue, JsValue> {
    let keys = read_keys(&verification_keys.unwrap_or_default())?;
    let refs: Vec<&PublicKey> = keys.iter().collect();
    let options = DecryptOptions {
        verification_keys: &refs,
        require_signature: require_signature.unwrap_or(false),
    };
    let out = pgp::decrypt(armored, with, &options)?;
    let result = Object::new();
    set_decrypted(&result, &out)?;
    Ok(result.into())
}

pub(crate) fn read_keys(armored: &[String]) -> Result<Vec<PublicKey>, JsValue> {
    Ok(armored
        .iter()
        .map(|a| PublicKey::read(a))
        .collect::<Result<Vec<_>, _>>()?)
}

pub(crate) fn bytes_of(data: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = data.as_string() {
        return Ok(text.into_bytes());
    }
    if data.is_instance_of::<Uint8Array>() {
        return Ok(Uint8Array::new(data).to_vec());
    }
    Err(js_sys::TypeError::new("data must be a string or a Uint8Array").into())
}
