//! The key packet of an unlocked key that makes signatures.

use std::fmt;

use pgp::crypto::hash::HashAlgorithm;
use pgp::crypto::public_key::PublicKeyAlgorithm;
use pgp::types::{
    Fingerprint, KeyDetails, KeyId, KeyVersion, Password, PublicParams, SignatureBytes, SigningKey,
    Timestamp,
};
use rsa_crt32::CrtKey;

use super::error::PgpError;
use super::key_info::Capability;
use super::public_key::PublicKey;
use super::rsa_fast::sign_digest;

/// Which packet of an unlocked key signs, decided once at unlock.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SignerSlot {
    Primary,
    Subkey(usize),
}

/// The primary key when it may sign (Passbolt's keys), else a valid signing subkey.
pub(crate) fn signer_slot(public: &PublicKey) -> Option<SignerSlot> {
    let primary = public.primary_signatures();
    if primary.revoked || !primary.bound {
        return None;
    }
    if primary.capabilities.contains(&Capability::Sign) {
        return Some(SignerSlot::Primary);
    }
    public
        .subkey_signatures()
        .iter()
        .position(|sig| sig.bound && !sig.revoked && sig.capabilities.contains(&Capability::Sign))
        .map(SignerSlot::Subkey)
}

/// The signing packet of an unlocked key.
pub(crate) fn signing_key(
    key: &super::unlocked_key::UnlockedKey,
) -> Result<PacketSigner<'_>, PgpError> {
    let secret = key.secret();
    let (packet, index): (&dyn SigningKey, usize) =
        match key.signer_slot().ok_or(PgpError::UnusableSigner)? {
            SignerSlot::Primary => (&secret.primary_key, 0),
            // The public view lists secret-less subkeys first, then the secret ones.
            SignerSlot::Subkey(index) => index
                .checked_sub(secret.public_subkeys.len())
                .and_then(|i| secret.secret_subkeys.get(i).map(|sub| (&sub.key, 1 + i)))
                .map(|(sub, index)| (sub as &dyn SigningKey, index))
                .ok_or(PgpError::UnusableSigner)?,
        };
    let rsa = key
        .packets()
        .nth(index)
        .and_then(|(packet, secret)| packet.rsa_crt(secret));
    Ok(PacketSigner { packet, rsa })
}

/// A signing key packet: rPGP's, except that an RSA packet's signatures are made by its CRT
/// key (see [`super::rsa_fast`]; the same octets, PKCS#1 v1.5 being deterministic).
pub(crate) struct PacketSigner<'a> {
    packet: &'a dyn SigningKey,
    rsa: Option<&'a CrtKey>,
}

impl fmt::Debug for PacketSigner<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PacketSigner({:?})", self.packet.fingerprint())
    }
}

impl SigningKey for PacketSigner<'_> {
    fn sign(
        &self,
        key_pw: &Password,
        hash: HashAlgorithm,
        digest: &[u8],
    ) -> pgp::errors::Result<SignatureBytes> {
        match self.rsa.and_then(|crt| sign_digest(crt, hash, digest)) {
            Some(signature) => Ok(signature),
            None => self.packet.sign(key_pw, hash, digest),
        }
    }

    fn hash_alg(&self) -> HashAlgorithm {
        self.packet.hash_alg()
    }
}

impl KeyDetails for PacketSigner<'_> {
    fn version(&self) -> KeyVersion {
        self.packet.version()
    }

    fn fingerprint(&self) -> Fingerprint {
        self.packet.fingerprint()
    }

    fn legacy_key_id(&self) -> KeyId {
        self.packet.legacy_key_id()
    }

    fn algorithm(&self) -> PublicKeyAlgorithm {
        self.packet.algorithm()
    }

    fn created_at(&self) -> Timestamp {
        self.packet.created_at()
    }

    fn legacy_v3_expiration_days(&self) -> Option<u16> {
        self.packet.legacy_v3_expiration_days()
    }

    fn public_params(&self) -> &PublicParams {
        self.packet.public_params()
    }
}
