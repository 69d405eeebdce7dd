//! The key packets of an unlocked key with their key ids and fingerprints computed once.
//!
//! rPGP computes a packet's fingerprint (a serialization and a collision-detecting SHA-1)
//! each time it is asked: once to match a PKESK's key id and again for the ECDH KDF, on
//! every decryption. For a vault of thousands of messages that is thousands of hashes of
//! the same packet; here they are computed when the key is unlocked. The CRT form of an RSA
//! packet's private key (see [`super::rsa_fast`]) is kept here too, made on first use.

use std::fmt;
use std::sync::OnceLock;

use pgp::composed::SignedSecretKey;
use pgp::crypto::public_key::PublicKeyAlgorithm;
use pgp::packet::PublicKeyEncryptedSessionKey;
use pgp::types::{
    Fingerprint, KeyDetails, KeyId, KeyVersion, PublicParams, SecretParams, Timestamp,
};
use rsa_crt32::CrtKey;

use super::rsa_fast::{crt_key, USE_CRT32};

/// A key packet's key id and fingerprint, and for an RSA packet its private key in CRT form
/// once made.
#[derive(Clone)]
pub(crate) struct PacketIds {
    key_id: KeyId,
    fingerprint: Fingerprint,
    rsa: OnceLock<Option<CrtKey>>,
}

/// The ids of the primary key and of every subkey of `key`, in that order.
pub(crate) fn packet_ids(key: &SignedSecretKey) -> Vec<PacketIds> {
    let ids = |details: &dyn KeyDetails| PacketIds {
        key_id: details.legacy_key_id(),
        fingerprint: details.fingerprint(),
        rsa: OnceLock::new(),
    };
    std::iter::once(ids(key.primary_key.public_key()))
        .chain(key.secret_subkeys.iter().map(|s| ids(s.key.public_key())))
        .collect()
}

/// Every key packet of `key` with its secret parameters; `ids` are `packet_ids(key)`.
pub(crate) fn packets<'a>(
    key: &'a SignedSecretKey,
    ids: &'a [PacketIds],
) -> impl Iterator<Item = (Identified<'a>, &'a SecretParams)> {
    let primary = (
        key.primary_key.public_key() as &dyn KeyDetails,
        key.primary_key.secret_params(),
    );
    let subkeys = key
        .secret_subkeys
        .iter()
        .map(|s| (s.key.public_key() as &dyn KeyDetails, s.key.secret_params()));
    std::iter::once(primary)
        .chain(subkeys)
        .zip(ids)
        .map(|((details, secret), ids)| (Identified { details, ids }, secret))
}

/// A key packet's public part that answers its ids from [`PacketIds`].
pub(crate) struct Identified<'a> {
    details: &'a dyn KeyDetails,
    ids: &'a PacketIds,
}

impl<'a> Identified<'a> {
    /// The packet's RSA private key in CRT form (`secret` being its secret parameters), made
    /// on the first call, where [`USE_CRT32`] and for an RSA packet only.
    pub(crate) fn rsa_crt(&self, secret: &SecretParams) -> Option<&'a CrtKey> {
        if !USE_CRT32 {
            return None;
        }
        self.ids
            .rsa
            .get_or_init(|| crt_key(self.details.public_params(), secret))
            .as_ref()
    }

    /// What rPGP's `PublicKeyEncryptedSessionKey::match_identity` says, without hashing:
    /// the PKESK names this packet, or nobody (an anonymous recipient).
    pub(crate) fn is_recipient_of(&self, pkesk: &PublicKeyEncryptedSessionKey) -> bool {
        if let Ok(id) = pkesk.id() {
            return id.is_wildcard() || *id == self.ids.key_id;
        }
        match pkesk.fingerprint() {
            Ok(Some(fingerprint)) => *fingerprint == self.ids.fingerprint,
            Ok(None) => true,
            Err(_) => false,
        }
    }
}

impl KeyDetails for Identified<'_> {
    fn version(&self) -> KeyVersion {
        self.details.version()
    }

    fn legacy_key_id(&self) -> KeyId {
        self.ids.key_id
    }

    fn fingerprint(&self) -> Fingerprint {
        self.ids.fingerprint.clone()
    }

    fn algorithm(&self) -> PublicKeyAlgorithm {
        self.details.algorithm()
    }

    fn created_at(&self) -> Timestamp {
        self.details.created_at()
    }

    fn legacy_v3_expiration_days(&self) -> Option<u16> {
        self.details.legacy_v3_expiration_days()
    }

    fn public_params(&self) -> &PublicParams {
        self.details.public_params()
    }
}

impl fmt::Debug for Identified<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Identified({:?})", self.ids.fingerprint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pgp::composed::Deserializable;

    #[test]
    fn cached_ids_are_the_ones_rpgp_computes() {
        let text = include_str!("../../../tests/vectors/keys/gnupg/rotated-subkeys.sec.asc");
        let key = SignedSecretKey::from_string(text).expect("a key").0;
        let ids = packet_ids(&key);
        assert_eq!(ids.len(), 1 + key.secret_subkeys.len());
        let rpgp: Vec<(KeyId, Fingerprint)> =
            std::iter::once(key.primary_key.public_key() as &dyn KeyDetails)
                .chain(
                    key.secret_subkeys
                        .iter()
                        .map(|s| s.key.public_key() as &dyn KeyDetails),
                )
                .map(|d| (d.legacy_key_id(), d.fingerprint()))
                .collect();
        for ((identified, _), (key_id, fingerprint)) in packets(&key, &ids).zip(rpgp) {
            assert_eq!(identified.legacy_key_id(), key_id);
            assert_eq!(identified.fingerprint(), fingerprint);
        }
    }
}
