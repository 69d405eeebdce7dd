//! Key generation as the Passbolt server accepts it: v4, Curve25519 legacy (EdDSA primary +
//! ECDH subkey) or RSA 3072/4096, user id `Name <email>`, no expiry, SEIPDv1 only,
//! passphrase-protected with iterated+salted S2K, armored with a CRC line.

use pgp::composed::{KeyDetails, KeyType, SignedSecretKey, SignedSecretSubKey};
use pgp::crypto::ecc_curve::ECCCurve;
use pgp::crypto::hash::HashAlgorithm;
use pgp::crypto::public_key::PublicKeyAlgorithm;
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::packet::{self, Features, KeyFlags, PubKeyInner, UserId};
use pgp::types::{
    CompressionAlgorithm, KeyVersion, Password, PlainSecretParams, PublicParams, SecretParams,
    Timestamp,
};
use rand::rngs::OsRng;
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPrivateKey};
use smallvec::{smallvec, SmallVec};

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
    generate_key_with(algorithm, name, email, passphrase, &mut |_| None)
}

/// As [`generate_key`], the RSA private keys made by `rsa` where it answers (see
/// [`generate_unlocked_key_with`]).
///
/// Errors: as [`generate_key`].
pub fn generate_key_with(
    algorithm: KeyAlgorithm,
    name: &str,
    email: &str,
    passphrase: &str,
    rsa: &mut dyn FnMut(usize) -> Option<RsaPrivateKey>,
) -> Result<GeneratedKey, PgpError> {
    if passphrase.is_empty() {
        return Err(PgpError::WeakPassphrase);
    }
    let key = generate_unlocked_key_with(algorithm, name, email, rsa)?;
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
    generate_unlocked_key_with(algorithm, name, email, &mut |_| None)
}

/// As [`generate_unlocked_key`], the RSA private keys made by `rsa` (given the modulus size
/// in bits) where it answers: the platform's native generator, faster than wasm. A key it
/// answers is used only if it is a valid RSA key of that size with the exponent 65537;
/// otherwise (and for `None`) the key is generated here, on primes from
/// [`rsa_crt32::rsa_primes`].
///
/// Errors: [`PgpError::Internal`] when rPGP fails.
pub fn generate_unlocked_key_with(
    algorithm: KeyAlgorithm,
    name: &str,
    email: &str,
    rsa: &mut dyn FnMut(usize) -> Option<RsaPrivateKey>,
) -> Result<UnlockedKey, PgpError> {
    let (primary, sub) = match algorithm {
        KeyAlgorithm::Curve25519 => (
            KeyType::Ed25519Legacy,
            KeyType::ECDH(ECCCurve::Curve25519Legacy),
        ),
        KeyAlgorithm::Rsa3072 => (KeyType::Rsa(3072), KeyType::Rsa(3072)),
        KeyAlgorithm::Rsa4096 => (KeyType::Rsa(4096), KeyType::Rsa(4096)),
    };
    let failed = PgpError::internal("generate the key");
    let mut material = |key_type: &KeyType| match key_type {
        KeyType::Rsa(bits) => match rsa(*bits as usize)
            .filter(|k| usable(k, *bits as usize))
            .or_else(|| rsa_key_here(*bits as usize))
        {
            Some(key) => {
                let secret = pgp::crypto::rsa::SecretKey::from(key);
                let public = PublicParams::RSA((&secret).into());
                Ok((public, SecretParams::Plain(PlainSecretParams::RSA(secret))))
            }
            None => key_type.generate(OsRng).map_err(&failed),
        },
        _ => key_type.generate(OsRng).map_err(&failed),
    };
    let primary_material = material(&primary)?;
    let sub_material = material(&sub)?;
    let key = assemble(
        (primary.to_alg(), primary_material),
        (sub.to_alg(), sub_material),
        &user_id(name, email),
    )
    .map_err(PgpError::internal("sign the generated key"))?;
    Ok(UnlockedKey::from_unlocked(key))
}

/// An RSA key of `bits` bits (exponent 65537) on primes from [`rsa_crt32::rsa_primes`],
/// whose Miller-Rabin rounds run on 32-bit limbs: in wasm, 3-4x faster than the `rsa` crate's
/// own prime search (which rPGP would run). `None` only if the random generator fails
/// or the key is not [`usable`]; rPGP's generator is the fallback then.
fn rsa_key_here(bits: usize) -> Option<RsaPrivateKey> {
    let e = 65_537u32;
    let (p, q) = rsa_crt32::rsa_primes(&mut OsRng, bits, e)?;
    let key = RsaPrivateKey::from_p_q(
        BigUint::from_bytes_be(&p),
        BigUint::from_bytes_be(&q),
        BigUint::from(e),
    )
    .ok()?;
    Some(key).filter(|k| usable(k, bits))
}

/// Whether a platform's RSA key is one this function would have made: valid, `bits` bits,
/// exponent 65537.
fn usable(key: &RsaPrivateKey, bits: usize) -> bool {
    key.n().bits() == bits && *key.e() == BigUint::from(65_537u32) && key.validate().is_ok()
}

type Material = (PublicKeyAlgorithm, (PublicParams, SecretParams));

/// A v4 key from its two packets' material, as rPGP's key builder makes it: the primary
/// key certifies and signs, the subkey encrypts (communications and storage), one user id
/// with Passbolt's preferences (AES-256 first, SHA-256 first, no compression first), the
/// SEIPDv1 feature only, no expiry.
fn assemble(
    (primary_alg, (primary_public, primary_secret)): Material,
    (sub_alg, (sub_public, sub_secret)): Material,
    user_id: &str,
) -> pgp::errors::Result<SignedSecretKey> {
    let created_at = Timestamp::now();
    let inner = PubKeyInner::new(
        KeyVersion::V4,
        primary_alg,
        created_at,
        None,
        primary_public,
    )?;
    let primary_key =
        packet::SecretKey::new(packet::PublicKey::from_inner(inner)?, primary_secret)?;
    let mut flags = KeyFlags::default();
    flags.set_certify(true);
    flags.set_sign(true);
    let mut features = Features::default();
    features.set_seipd_v1(true);
    let details = KeyDetails::new(
        Some(UserId::from_str(Default::default(), user_id)?),
        Vec::new(),
        Vec::new(),
        flags,
        features,
        smallvec![
            SymmetricKeyAlgorithm::AES256,
            SymmetricKeyAlgorithm::AES192,
            SymmetricKeyAlgorithm::AES128,
        ],
        smallvec![
            HashAlgorithm::Sha256,
            HashAlgorithm::Sha512,
            HashAlgorithm::Sha384,
            HashAlgorithm::Sha224,
        ],
        smallvec![
            CompressionAlgorithm::Uncompressed,
            CompressionAlgorithm::ZLIB,
            CompressionAlgorithm::ZIP,
        ],
        SmallVec::new(),
    );
    let password = Password::empty();
    let details = details.sign(OsRng, &primary_key, primary_key.public_key(), &password)?;
    let inner = PubKeyInner::new(KeyVersion::V4, sub_alg, created_at, None, sub_public)?;
    let subkey = packet::SecretSubkey::new(packet::PublicSubkey::from_inner(inner)?, sub_secret)?;
    let mut sub_flags = KeyFlags::default();
    sub_flags.set_encrypt_comms(true);
    sub_flags.set_encrypt_storage(true);
    let binding = subkey.sign(
        OsRng,
        &primary_key,
        primary_key.public_key(),
        &password,
        sub_flags,
        None,
    )?;
    Ok(SignedSecretKey::new(
        primary_key,
        details,
        Vec::new(),
        vec![SignedSecretSubKey::new(subkey, vec![binding])],
    ))
}

/// `Name <email>`, or the bare email when the name is empty.
fn user_id(name: &str, email: &str) -> String {
    match name.trim() {
        "" => format!("<{}>", email.trim()),
        name => format!("{name} <{}>", email.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pgp::validate_user_key;
    use pgp::types::KeyDetails as _;
    use rsa::traits::PrivateKeyParts as _;

    /// The moduli of the RSA packets of `key`, primary first.
    fn moduli(key: &UnlockedKey) -> Vec<BigUint> {
        key.packets()
            .map(|(packet, _)| match packet.public_params() {
                PublicParams::RSA(rsa) => rsa.key.n().clone(),
                other => panic!("not RSA: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn the_platform_keys_are_used_when_valid() {
        let made: Vec<RsaPrivateKey> = (0..2)
            .map(|_| RsaPrivateKey::new(&mut OsRng, 3072).expect("an RSA key"))
            .collect();
        let mut given = made.clone();
        let key = generate_unlocked_key_with(
            KeyAlgorithm::Rsa3072,
            "Ada",
            "ada@example.test",
            &mut |bits| {
                assert_eq!(bits, 3072);
                given.pop()
            },
        )
        .expect("a key");
        assert_eq!(moduli(&key), vec![made[1].n().clone(), made[0].n().clone()]);
        let armored = key.public_key().to_armored().expect("armor");
        assert_eq!(validate_user_key(&armored), vec![]);
        // It signs and decrypts as any generated key.
        let message = crate::pgp::encrypt_signed_by_all(b"hello", &[key.public_key()], &[&key])
            .expect("encrypted");
        let options = crate::pgp::DecryptOptions {
            verification_keys: &[key.public_key()],
            require_signature: true,
        };
        let decrypted = crate::pgp::decrypt(&message, crate::pgp::DecryptWith::Key(&key), &options)
            .expect("decrypted");
        assert_eq!(&decrypted.data[..], b"hello");
    }

    #[test]
    fn keys_made_here_are_on_two_distinct_primes_of_half_the_size() {
        for bits in [3072usize, 4096] {
            let key = rsa_key_here(bits).expect("a key");
            assert_eq!(key.n().bits(), bits);
            assert_eq!(*key.e(), BigUint::from(65_537u32));
            key.validate().expect("a valid key");
            let [p, q] = key.primes() else {
                panic!("two primes");
            };
            assert_ne!(p, q);
            for prime in [p, q] {
                assert_eq!(prime.bits(), bits / 2);
                // The `rsa` crate's own test (20 Miller-Rabin rounds and Baillie-PSW).
                assert!(num_bigint_dig::prime::probably_prime(prime, 20));
            }
        }
    }

    #[test]
    fn a_platform_key_of_another_size_or_exponent_is_not_used() {
        let small = RsaPrivateKey::new(&mut OsRng, 2048).expect("an RSA key");
        let odd_exponent = RsaPrivateKey::new_with_exp(&mut OsRng, 3072, &BigUint::from(3u32))
            .expect("an RSA key");
        let mut given = vec![small.clone(), odd_exponent.clone()];
        let key =
            generate_unlocked_key_with(KeyAlgorithm::Rsa3072, "", "b@example.test", &mut |_| {
                given.pop()
            })
            .expect("a key");
        assert!(given.is_empty());
        for n in moduli(&key) {
            assert_eq!(n.bits(), 3072);
            assert!(n != *small.n() && n != *odd_exponent.n());
        }
    }
}
