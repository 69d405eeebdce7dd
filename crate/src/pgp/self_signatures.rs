//! What a key's own (verified) signatures say about it: primary user id, expiry, usage
//! flags, revocation. Signatures that do not verify are ignored, as GnuPG ignores them.

use pgp::composed::{SignedPublicKey, SignedPublicSubKey};
use pgp::crypto::public_key::PublicKeyAlgorithm;
use pgp::packet::{KeyFlags, PublicKey, Signature, SignatureType};
use pgp::types::{KeyDetails, Tag};

use super::key_info::Capability;

/// The facts taken from the newest valid self-signature of a key or subkey.
#[derive(Debug, Clone)]
pub(crate) struct SelfSignatures {
    /// Index of the primary user id in the key's user list.
    pub primary_user: Option<usize>,
    /// Key expiration time relative to the key's creation.
    pub key_expiration: Option<u32>,
    /// Usage flags.
    pub capabilities: Vec<Capability>,
    /// A valid revocation signature is present.
    pub revoked: bool,
    /// A valid self-signature (certification, direct-key or binding) was found.
    pub bound: bool,
}

impl SelfSignatures {
    /// Reads the primary key's self-signatures: the newest valid certification of each
    /// user id (the primary-flagged one wins), then a direct-key signature as fallback.
    pub(crate) fn of_primary(key: &SignedPublicKey) -> Self {
        let primary = &key.primary_key;
        let revoked = key.details.revocation_signatures.iter().any(|sig| {
            sig.typ() == Some(SignatureType::KeyRevocation) && sig.verify_key(primary).is_ok()
        });
        let mut best: Option<(usize, &Signature)> = None;
        for (index, user) in key.details.users.iter().enumerate() {
            let certifications = user.signatures.iter().filter(|sig| {
                sig.is_certification() && sig.typ() != Some(SignatureType::CertRevocation)
            });
            let newest = newest_valid(certifications, |sig| {
                sig.verify_certification(primary, Tag::UserId, &user.id)
                    .is_ok()
            });
            let Some(sig) = newest else { continue };
            let better = match best {
                None => true,
                Some((_, current)) => {
                    (sig.is_primary(), created(sig)) > (current.is_primary(), created(current))
                }
            };
            if better {
                best = Some((index, sig));
            }
        }
        let direct = newest_valid(
            key.details
                .direct_signatures
                .iter()
                .filter(|sig| sig.typ() == Some(SignatureType::Key)),
            |sig| sig.verify_key(primary).is_ok(),
        );
        let source = best.map(|(_, sig)| sig).or(direct);
        SelfSignatures {
            primary_user: best.map(|(index, _)| index),
            key_expiration: source
                .and_then(expiration_secs)
                .or_else(|| direct.and_then(expiration_secs)),
            capabilities: capabilities(source, primary.algorithm(), true),
            revoked,
            bound: source.is_some(),
        }
    }

    /// Reads a subkey's newest valid binding signature and its revocations.
    pub(crate) fn of_subkey(primary: &PublicKey, sub: &SignedPublicSubKey) -> Self {
        let of_type = |typ: SignatureType| {
            sub.signatures
                .iter()
                .filter(move |sig| sig.typ() == Some(typ))
        };
        let verifies = |sig: &Signature| sig.verify_subkey_binding(primary, &sub.key).is_ok();
        let binding = newest_valid(of_type(SignatureType::SubkeyBinding), verifies);
        let revoked = of_type(SignatureType::SubkeyRevocation).any(verifies);
        SelfSignatures {
            primary_user: None,
            key_expiration: binding.and_then(expiration_secs),
            capabilities: capabilities(binding, sub.key.algorithm(), false),
            revoked,
            bound: binding.is_some(),
        }
    }
}

fn created(sig: &Signature) -> u32 {
    sig.created().map(|t| t.as_secs()).unwrap_or(0)
}

/// The newest signature that verifies. Candidates are tried newest first, so a key costs
/// one verification per user id and subkey in the usual case (RSA verification is the
/// expensive part of reading a key in wasm).
fn newest_valid<'a>(
    sigs: impl Iterator<Item = &'a Signature>,
    verifies: impl Fn(&Signature) -> bool,
) -> Option<&'a Signature> {
    let mut candidates: Vec<&Signature> = sigs.collect();
    candidates.sort_by_key(|sig| std::cmp::Reverse(created(sig)));
    candidates.into_iter().find(|sig| verifies(sig))
}

/// Usage flags from the signature; without a key-flags subpacket, what the algorithm can
/// do (as GnuPG falls back to the algorithm's usage).
fn capabilities(
    sig: Option<&Signature>,
    algorithm: PublicKeyAlgorithm,
    primary: bool,
) -> Vec<Capability> {
    let flags = sig.map(Signature::key_flags).unwrap_or_default();
    if flags != KeyFlags::default() {
        return from_flags(&flags);
    }
    use PublicKeyAlgorithm as A;
    let (sign, encrypt) = match algorithm {
        A::RSA => (true, true),
        A::RSASign | A::DSA | A::ECDSA | A::EdDSALegacy | A::Ed25519 | A::Ed448 => (true, false),
        A::RSAEncrypt | A::ElgamalEncrypt | A::Elgamal | A::ECDH | A::X25519 | A::X448 => {
            (false, true)
        }
        _ => (false, false),
    };
    let mut caps = Vec::new();
    if primary && sign {
        caps.push(Capability::Certify);
    }
    if sign {
        caps.push(Capability::Sign);
    }
    if encrypt {
        caps.push(Capability::Encrypt);
    }
    caps
}

fn from_flags(flags: &KeyFlags) -> Vec<Capability> {
    let mut caps = Vec::new();
    if flags.certify() {
        caps.push(Capability::Certify);
    }
    if flags.sign() {
        caps.push(Capability::Sign);
    }
    if flags.encrypt_comms() || flags.encrypt_storage() {
        caps.push(Capability::Encrypt);
    }
    if flags.authentication() {
        caps.push(Capability::Authenticate);
    }
    caps
}

fn expiration_secs(sig: &Signature) -> Option<u32> {
    sig.key_expiration_time().map(|d| d.as_secs())
}
