//! Removing the passphrase protection of every secret key packet of one key.
//!
//! The common protection (v4 key, S2K usage 254 or 255, iterated+salted S2K over SHA-1 or
//! SHA-2: what GnuPG and OpenPGP.js write) is unlocked here with the fast derivation of
//! [`super::s2k`], each distinct S2K derived once; everything else (Argon2 + AEAD, v6 keys,
//! legacy or exotic S2K) goes through rPGP's `remove_password`. Every packet's S2K cost is
//! judged before any derivation starts.

use pgp::composed::SignedSecretKey;
use pgp::packet::{SecretKey, SecretSubkey};
use pgp::types::{
    EncryptedSecretParams, KeyDetails, KeyVersion, Password, PlainSecretParams, S2kParams,
    SecretParams, StringToKey,
};
use sha1::{Digest, Sha1};
use zeroize::Zeroizing;

use super::error::PgpError;
use super::s2k::{derive_iterated, hashings_of, RepeatHasher, S2kHashing};
use super::s2k_cost::S2kBudget;

/// Unlocks the primary key and every subkey of `key` with `passphrase`, in place.
///
/// Errors: [`PgpError::S2kTooExpensive`] when a packet's S2K asks for more than
/// [`super::s2k_cost`] accepts (nothing is derived then), [`PgpError::WrongPassphrase`] when
/// a packet does not decrypt to well-formed secret material.
pub(crate) fn unlock_all(
    key: &mut SignedSecretKey,
    passphrase: &str,
    platform: Option<&dyn RepeatHasher>,
) -> Result<(), PgpError> {
    judge_costs(key)?;
    let mut derived = DerivedKeys {
        platform,
        ..DerivedKeys::default()
    };
    let password = Password::from(passphrase);
    let primary = &mut key.primary_key;
    if let Some(plain) = fast_unlock(
        primary.secret_params(),
        primary.public_key(),
        passphrase,
        &mut derived,
    ) {
        *primary = SecretKey::new(primary.public_key().clone(), SecretParams::Plain(plain?))
            .map_err(PgpError::internal("rebuild the unlocked primary key"))?;
    } else {
        primary
            .remove_password(&password)
            .map_err(|_| PgpError::WrongPassphrase)?;
    }
    for sub in &mut key.secret_subkeys {
        let packet = &mut sub.key;
        if let Some(plain) = fast_unlock(
            packet.secret_params(),
            packet.public_key(),
            passphrase,
            &mut derived,
        ) {
            *packet = SecretSubkey::new(packet.public_key().clone(), SecretParams::Plain(plain?))
                .map_err(PgpError::internal("rebuild an unlocked subkey"))?;
        } else {
            packet
                .remove_password(&password)
                .map_err(|_| PgpError::WrongPassphrase)?;
        }
    }
    Ok(())
}

/// Refuses the key when one of its packets' S2K is over the limits (each derivation is
/// judged alone: a GnuPG key with five packets at the largest iteration count is normal).
fn judge_costs(key: &SignedSecretKey) -> Result<(), PgpError> {
    let params = std::iter::once(key.primary_key.secret_params())
        .chain(key.secret_subkeys.iter().map(|s| s.key.secret_params()));
    for p in params {
        if let SecretParams::Encrypted(enc) = p {
            if let Some(s2k) = s2k_of(enc.string_to_key_params()) {
                S2kBudget::new().spend(s2k)?;
            }
        }
    }
    Ok(())
}

fn s2k_of(params: &S2kParams) -> Option<&StringToKey> {
    match params {
        S2kParams::Aead { s2k, .. }
        | S2kParams::Cfb { s2k, .. }
        | S2kParams::MalleableCfb { s2k, .. } => Some(s2k),
        S2kParams::Unprotected | S2kParams::LegacyCfb { .. } => None,
    }
}

/// The keys derived so far for this unlock, by S2K and key size, and the hash outside wasm
/// that may derive them.
#[derive(Default)]
struct DerivedKeys<'a> {
    keys: Vec<(StringToKey, usize, Zeroizing<Vec<u8>>)>,
    platform: Option<&'a dyn RepeatHasher>,
}

impl DerivedKeys<'_> {
    /// The key of an iterated+salted `s2k`, derived once; `None` for a hash left to rPGP.
    fn get(&mut self, s2k: &StringToKey, passphrase: &str, key_size: usize) -> Option<&[u8]> {
        let found = self
            .keys
            .iter()
            .position(|(s, size, _)| s == s2k && *size == key_size);
        let index = match found {
            Some(index) => index,
            None => {
                let StringToKey::IteratedAndSalted {
                    hash_alg,
                    salt,
                    count,
                } = s2k
                else {
                    return None;
                };
                let key = derive_iterated(
                    *hash_alg,
                    salt,
                    *count,
                    passphrase.as_bytes(),
                    key_size,
                    self.platform,
                )?;
                self.keys.push((s2k.clone(), key_size, key));
                self.keys.len() - 1
            }
        };
        Some(self.keys[index].2.as_slice())
    }
}

/// The hashings of the iterated S2Ks that [`unlock_all`] derives on its fast path for `key`,
/// each once, after the cost check; for a platform that hashes asynchronously first (see
/// [`super::s2k::PrecomputedHashes`]).
///
/// Errors: [`PgpError::S2kTooExpensive`], as [`unlock_all`].
pub(crate) fn s2k_hashings(
    key: &SignedSecretKey,
    passphrase: &str,
) -> Result<Vec<S2kHashing>, PgpError> {
    judge_costs(key)?;
    let mut params = vec![(key.primary_key.secret_params(), key.primary_key.version())];
    for sub in &key.secret_subkeys {
        params.push((sub.key.secret_params(), sub.key.version()));
    }
    let mut out: Vec<S2kHashing> = Vec::new();
    for (params, version) in params {
        let Some(fast) = FastPath::of(params, version) else {
            continue;
        };
        let StringToKey::IteratedAndSalted {
            hash_alg,
            salt,
            count,
        } = fast.s2k
        else {
            continue;
        };
        let needed = hashings_of(
            *hash_alg,
            salt,
            *count,
            passphrase.as_bytes(),
            fast.sym_alg.key_size(),
        );
        for hashing in needed.into_iter().flatten() {
            if !out.contains(&hashing) {
                out.push(hashing);
            }
        }
    }
    Ok(out)
}

/// The protection of a packet that the fast path unlocks: encrypted, a v4 key, CFB (SHA-1
/// checked or the two-octet sum).
struct FastPath<'a> {
    enc: &'a EncryptedSecretParams,
    sym_alg: &'a pgp::crypto::sym::SymmetricKeyAlgorithm,
    s2k: &'a StringToKey,
    iv: &'a [u8],
    sha1_checked: bool,
}

impl<'a> FastPath<'a> {
    /// `None` for a packet the fast path leaves to rPGP.
    fn of(params: &'a SecretParams, version: KeyVersion) -> Option<Self> {
        let SecretParams::Encrypted(enc) = params else {
            return None;
        };
        if version != KeyVersion::V4 {
            return None;
        }
        let (sym_alg, s2k, iv, sha1_checked) = match enc.string_to_key_params() {
            S2kParams::Cfb { sym_alg, s2k, iv } => (sym_alg, s2k, iv, true),
            S2kParams::MalleableCfb { sym_alg, s2k, iv } => (sym_alg, s2k, iv, false),
            _ => return None,
        };
        Some(FastPath {
            enc,
            sym_alg,
            s2k,
            iv,
            sha1_checked,
        })
    }
}

/// Unlocks one packet on the fast path, or `None` when it is not for this path (unprotected,
/// not a v4 key, not iterated+salted with CFB, or a hash left to rPGP).
fn fast_unlock(
    params: &SecretParams,
    details: &impl KeyDetails,
    passphrase: &str,
    derived: &mut DerivedKeys,
) -> Option<Result<PlainSecretParams, PgpError>> {
    let FastPath {
        enc,
        sym_alg,
        s2k,
        iv,
        sha1_checked,
    } = FastPath::of(params, details.version())?;
    let key = derived.get(s2k, passphrase, sym_alg.key_size())?;
    Some(decrypt_params(
        enc,
        details,
        *sym_alg,
        key,
        iv,
        sha1_checked,
    ))
}

/// CFB-decrypts the secret material with the derived `key`, checks its SHA-1 (usage 254) or
/// two-octet sum (usage 255) and parses it, as rPGP's `EncryptedSecretParams::unlock` does.
fn decrypt_params(
    enc: &EncryptedSecretParams,
    details: &impl KeyDetails,
    sym_alg: pgp::crypto::sym::SymmetricKeyAlgorithm,
    key: &[u8],
    iv: &[u8],
    sha1_checked: bool,
) -> Result<PlainSecretParams, PgpError> {
    let mut plain = Zeroizing::new(enc.data().to_vec());
    sym_alg
        .decrypt_with_iv_regular(key, iv, &mut plain)
        .map_err(|_| PgpError::WrongPassphrase)?;
    let (alg, public) = (details.algorithm(), details.public_params());
    let parsed = if sha1_checked {
        let split = plain
            .len()
            .checked_sub(20)
            .ok_or(PgpError::WrongPassphrase)?;
        let (material, checksum) = plain.split_at(split);
        if Sha1::digest(material).as_slice() != checksum {
            return Err(PgpError::WrongPassphrase);
        }
        PlainSecretParams::try_from_reader_no_checksum(material, KeyVersion::V4, alg, public)
    } else {
        if plain.len() < 2 {
            return Err(PgpError::WrongPassphrase);
        }
        PlainSecretParams::try_from_reader(&plain[..], KeyVersion::V4, alg, public)
    };
    parsed.map_err(|_| PgpError::WrongPassphrase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pgp::composed::Deserializable;
    use pgp::crypto::sym::SymmetricKeyAlgorithm;
    use pgp::types::S2kParams;

    /// Every locked key of the interop vectors: (file, passphrase, S2K as the manifest says).
    fn vector_keys() -> Vec<(String, String, String)> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/messages");
        let mut keys = Vec::new();
        for producer in ["openpgpjs", "gnupg"] {
            let manifest = std::fs::read_to_string(format!("{root}/{producer}/keys/keys.json"))
                .expect("keys.json");
            let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("json");
            let entries = manifest
                .as_array()
                .or_else(|| manifest["keys"].as_array())
                .expect("a list of keys");
            for entry in entries {
                let file = entry["file"].as_str().expect("file");
                keys.push((
                    format!("{root}/{producer}/{file}"),
                    entry["passphrase"].as_str().expect("passphrase").to_owned(),
                    entry["s2k"].as_str().expect("s2k").to_owned(),
                ));
            }
        }
        keys
    }

    fn read(path: &str) -> SignedSecretKey {
        let text = std::fs::read_to_string(path).expect("key file");
        SignedSecretKey::from_string(&text).expect("a secret key").0
    }

    fn all_params(key: &SignedSecretKey) -> Vec<SecretParams> {
        std::iter::once(key.primary_key.secret_params().clone())
            .chain(
                key.secret_subkeys
                    .iter()
                    .map(|s| s.key.secret_params().clone()),
            )
            .collect()
    }

    #[test]
    fn every_vector_key_unlocks_to_the_material_rpgp_finds() {
        let keys = vector_keys();
        assert!(keys.len() >= 14, "{} keys", keys.len());
        for (file, passphrase, s2k) in keys {
            let locked = read(&file);
            let mut theirs = locked.clone();
            let password = Password::from(passphrase.as_str());
            theirs
                .primary_key
                .remove_password(&password)
                .expect("rPGP unlocks");
            for sub in &mut theirs.secret_subkeys {
                sub.key.remove_password(&password).expect("rPGP unlocks");
            }
            let mut ours = locked.clone();
            unlock_all(&mut ours, &passphrase, None).unwrap_or_else(|e| panic!("{file}: {e:?}"));
            assert_eq!(all_params(&ours), all_params(&theirs), "{file}");
            assert_eq!(ours.to_public_key(), theirs.to_public_key(), "{file}");
            let fast = fast_unlock(
                locked.primary_key.secret_params(),
                locked.primary_key.public_key(),
                &passphrase,
                &mut DerivedKeys::default(),
            );
            // Iterated S2K with CFB takes the fast path; AEAD (v6, Argon2) stays with rPGP.
            assert_eq!(
                fast.is_some(),
                s2k.starts_with("iterated-"),
                "{file} ({s2k})"
            );
        }
    }

    #[test]
    fn a_wrong_passphrase_is_refused_for_every_vector_key() {
        for (file, passphrase, _) in vector_keys() {
            let mut key = read(&file);
            assert_eq!(
                unlock_all(&mut key, &format!("{passphrase}x"), None),
                Err(PgpError::WrongPassphrase),
                "{file}"
            );
        }
    }

    /// A key whose subkey asks for Argon2 over 2 GiB: refused before any derivation.
    #[test]
    fn an_absurd_argon2_subkey_is_refused_before_any_work() {
        let (file, _, _) = vector_keys()
            .into_iter()
            .find(|(_, _, s2k)| s2k == "iterated-224")
            .expect("an iterated key");
        let mut key = read(&file);
        let absurd = S2kParams::Aead {
            sym_alg: SymmetricKeyAlgorithm::AES256,
            aead_mode: pgp::crypto::aead::AeadAlgorithm::Gcm,
            s2k: StringToKey::Argon2 {
                salt: [0; 16],
                t: 1,
                p: 1,
                m_enc: 31,
            },
            nonce: vec![0; 12].into(),
        };
        let sub = &mut key.secret_subkeys[0].key;
        let encrypted = EncryptedSecretParams::new(vec![0; 64].into(), absurd);
        *sub = SecretSubkey::new(sub.public_key().clone(), SecretParams::Encrypted(encrypted))
            .expect("a subkey packet");
        let started = std::time::Instant::now();
        assert_eq!(
            unlock_all(&mut key, "any", None),
            Err(PgpError::S2kTooExpensive)
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "no derivation ran"
        );
    }

    #[test]
    fn packets_sharing_one_s2k_derive_its_key_once() {
        let s2k = StringToKey::IteratedAndSalted {
            hash_alg: pgp::crypto::hash::HashAlgorithm::Sha256,
            salt: [3; 8],
            count: 96,
        };
        let mut derived = DerivedKeys::default();
        let first = derived.get(&s2k, "p", 32).expect("sha256").to_vec();
        assert_eq!(
            derived.get(&s2k, "p", 32).expect("cached"),
            first.as_slice()
        );
        assert_eq!(derived.keys.len(), 1);
        derived.get(&s2k, "p", 16).expect("another size");
        assert_eq!(derived.keys.len(), 2);
    }
}
