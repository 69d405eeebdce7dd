//! A private key unlocked once: its secret material stays in this value (inside wasm) and
//! is zeroized when it is dropped; only the passphrase-locked armor ever leaves.

use std::fmt;

use pgp::composed::{ArmorOptions, SignedSecretKey};
use pgp::types::{KeyDetails, Password, SecretParams};

use super::error::PgpError;
use super::key_info::{describe, KeyInfo};
use super::key_packets::{packet_ids, packets, Identified, PacketIds};
use super::key_read::read_single_key_secret;
use super::public_key::PublicKey;
use super::s2k::{RepeatHasher, S2kHashing};
use super::secret_unlock::{s2k_hashings, unlock_all};
use super::signer::{signer_slot, SignerSlot};

/// An unlocked private key. `Debug` shows its fingerprint only.
#[derive(Clone)]
pub struct UnlockedKey {
    key: SignedSecretKey,
    /// The public part, with its self-signatures verified once.
    public: PublicKey,
    /// The packet that signs, if any.
    signer: Option<SignerSlot>,
    /// The key id and fingerprint of every packet, for decryption.
    ids: Vec<PacketIds>,
}

impl UnlockedKey {
    /// Unlocks an armored private key with its passphrase (iterated+salted or Argon2 S2K;
    /// an unprotected key takes any passphrase, the empty one included).
    ///
    /// Errors: the key-reading errors of [`super::key_info`], [`PgpError::NotAPrivateKey`],
    /// [`PgpError::S2kTooExpensive`] (an S2K over the limits of [`super::s2k_cost`], refused
    /// before any derivation), [`PgpError::WrongPassphrase`].
    pub fn unlock(armored: &str, passphrase: &str) -> Result<Self, PgpError> {
        Self::unlock_with(armored, passphrase, None)
    }

    /// The hashings of the iterated S2Ks that unlocking `armored` with `passphrase` takes,
    /// each once, for a platform that hashes them asynchronously before
    /// [`Self::unlock_with`] (with a [`super::PrecomputedHashes`]).
    ///
    /// Errors: the key-reading errors, [`PgpError::NotAPrivateKey`],
    /// [`PgpError::S2kTooExpensive`].
    pub fn s2k_hashings(armored: &str, passphrase: &str) -> Result<Vec<S2kHashing>, PgpError> {
        s2k_hashings(&read_single_key_secret(armored)?, passphrase)
    }

    /// As [`Self::unlock`], the iterated S2K hashing done by `platform` where it accepts
    /// (Node's native SHA in the wasm layer); the result is the same.
    pub fn unlock_with(
        armored: &str,
        passphrase: &str,
        platform: Option<&dyn RepeatHasher>,
    ) -> Result<Self, PgpError> {
        let mut key = read_single_key_secret(armored)?;
        unlock_all(&mut key, passphrase, platform)?;
        Ok(Self::from_unlocked(key))
    }

    /// Wraps a key whose secret material is already in the clear (just generated or unlocked).
    pub(crate) fn from_unlocked(key: SignedSecretKey) -> Self {
        let public = PublicKey::from_signed(key.to_public_key());
        let signer = signer_slot(&public);
        let ids = packet_ids(&key);
        UnlockedKey {
            key,
            public,
            signer,
            ids,
        }
    }

    /// The primary key fingerprint, upper-case hex.
    pub fn fingerprint(&self) -> String {
        format!("{:X}", self.key.primary_key.fingerprint())
    }

    /// The key's information (as [`super::key_info`] gives it, with `is_private` set).
    pub fn info(&self) -> Result<KeyInfo, PgpError> {
        describe(self.public.signed(), true, chrono::Utc::now())
    }

    /// Locks a copy of the key with `passphrase` (iterated+salted S2K for v4 keys, as GnuPG
    /// and OpenPGP.js write it) and returns its armor: this changes the passphrase.
    pub fn to_locked_armor(&self, passphrase: &str) -> Result<String, PgpError> {
        let mut key = self.key.clone();
        let password = Password::from(passphrase);
        let rng = rand::rngs::OsRng;
        let failed = PgpError::internal("lock the private key");
        key.primary_key
            .set_password(rng, &password)
            .map_err(&failed)?;
        for sub in &mut key.secret_subkeys {
            sub.key.set_password(rng, &password).map_err(&failed)?;
        }
        key.to_armored_string(ArmorOptions::default())
            .map_err(PgpError::internal("armor the private key"))
    }

    /// The key's public part.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    pub(crate) fn signer_slot(&self) -> Option<SignerSlot> {
        self.signer
    }

    /// Every key packet (primary first) with its ids and secret parameters, for decryption.
    pub(crate) fn packets(&self) -> impl Iterator<Item = (Identified<'_>, &SecretParams)> {
        packets(&self.key, &self.ids)
    }

    /// The unlocked rPGP key, for the operations of this layer.
    pub(crate) fn secret(&self) -> &SignedSecretKey {
        &self.key
    }
}

impl fmt::Debug for UnlockedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnlockedKey({})", self.fingerprint())
    }
}
