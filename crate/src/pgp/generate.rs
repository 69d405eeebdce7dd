//! Key generation as the Passbolt server accepts it: v4, Curve25519 legacy (EdDSA primary +
//! ECDH subkey) or RSA 3072/4096, user id `Name <email>`, no expiry, SEIPDv1 only,
//! passphrase-protected with iterated+salted S2K, armored with a CRC line.

use pgp::composed::{EncryptionCaps, KeyType, SecretKeyParamsBuilder, SubkeyParamsBuilder};
use pgp::crypto::ecc_curve::ECCCurve;
use pgp::crypto::hash::HashAlgorithm;
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::types::CompressionAlgorithm;
use rand::rngs::OsRng;
use smallvec::smallvec;

use super::error::PgpError;
use super::unlocked_key::UnlockedKey;

/// The key shapes the Passbolt extension offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAlgorithm {
    /// EdDSA (Ed25519 legacy) primary + ECDH (Curve25519 legacy) subkey.
    Curve25519,
    /// RSA 3072 primary + RSA 3072 subkey.
    Rsa3072,
    /// RSA 4096 primary + RSA 4096 subkey.
    Rsa4096,
}

/// A generated key: the passphrase-locked private key and the public key, armored.
#[derive(Clone)]
pub struct GeneratedKey {
    /// The private key, locked with the passphrase given (safe to store).
    pub private_armored: String,
    /// The public key.
    pub public_armored: String,
    /// The primary key fingerprint, upper-case hex.
    pub fingerprint: String,
}

impl std::fmt::Debug for GeneratedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GeneratedKey({})", self.fingerprint)
    }
}

/// Generates a key for `name <email>` locked with `passphrase` (which must not be empty).
///
/// Errors: [`PgpError::Internal`] when rPGP fails, [`PgpError::WeakPassphrase`] for an
/// empty passphrase.
pub fn generate_key(
    algorithm: KeyAlgorithm,
    name: &str,
    email: &str,
    passphrase: &str,
) -> Result<GeneratedKey, PgpError> {
    if passphrase.is_empty() {
        return Err(PgpError::WeakPassphrase);
    }
    let key = generate_unlocked_key(algorithm, name, email)?;
    Ok(GeneratedKey {
        private_armored: key.to_locked_armor(passphrase)?,
        public_armored: key.public_key().to_armored()?,
        fingerprint: key.fingerprint(),
    })
}

/// Generates a key for `name <email>` and returns it unlocked, ready to use: a setup flow
/// uses it at once and exports it with [`UnlockedKey::to_locked_armor`], paying the S2K
/// once instead of locking and unlocking again.
///
/// Errors: [`PgpError::Internal`] when rPGP fails.
pub fn generate_unlocked_key(
    algorithm: KeyAlgorithm,
    name: &str,
    email: &str,
) -> Result<UnlockedKey, PgpError> {
    let (primary, sub) = match algorithm {
        KeyAlgorithm::Curve25519 => (
            KeyType::Ed25519Legacy,
            KeyType::ECDH(ECCCurve::Curve25519Legacy),
        ),
        KeyAlgorithm::Rsa3072 => (KeyType::Rsa(3072), KeyType::Rsa(3072)),
        KeyAlgorithm::Rsa4096 => (KeyType::Rsa(4096), KeyType::Rsa(4096)),
    };
    let subkey = SubkeyParamsBuilder::default()
        .key_type(sub)
        .can_encrypt(EncryptionCaps::All)
        .build()
        .map_err(PgpError::internal("set up the encryption subkey"))?;
    let params = SecretKeyParamsBuilder::default()
        .key_type(primary)
        .can_certify(true)
        .can_sign(true)
        .primary_user_id(user_id(name, email))
        .preferred_symmetric_algorithms(smallvec![
            SymmetricKeyAlgorithm::AES256,
            SymmetricKeyAlgorithm::AES192,
            SymmetricKeyAlgorithm::AES128,
        ])
        .preferred_hash_algorithms(smallvec![
            HashAlgorithm::Sha256,
            HashAlgorithm::Sha512,
            HashAlgorithm::Sha384,
            HashAlgorithm::Sha224,
        ])
        .preferred_compression_algorithms(smallvec![
            CompressionAlgorithm::Uncompressed,
            CompressionAlgorithm::ZLIB,
            CompressionAlgorithm::ZIP,
        ])
        .subkeys(vec![subkey])
        .build()
        .map_err(PgpError::internal("set up the key"))?;
    let secret = params
        .generate(OsRng)
        .map_err(PgpError::internal("generate the key"))?;
    Ok(UnlockedKey::from_unlocked(secret))
}

/// `Name <email>`, or the bare email when the name is empty.
fn user_id(name: &str, email: &str) -> String {
    match name.trim() {
        "" => format!("<{}>", email.trim()),
        name => format!("{name} <{}>", email.trim()),
    }
}
