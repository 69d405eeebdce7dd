//! Third-party certifications of user ids: the extension certifies the metadata key's user id
//! with the admin's key (OpenPGP.js `signAllUsers`), and checks such certifications later.

use pgp::composed::{ArmorOptions, SignedPublicKey};
use pgp::packet::{Signature, SignatureType};
use pgp::types::{KeyDetails, Password, Tag};
use rand::rngs::OsRng;
use serde::Serialize;

use super::error::PgpError;
use super::key_info::Capability;
use super::public_key::PublicKey;
use super::signature_check::{describe, SignatureCheck};
use super::unlocked_key::UnlockedKey;

/// The certification signature types (generic, persona, casual, positive).
const CERTIFICATIONS: [SignatureType; 4] = [
    SignatureType::CertGeneric,
    SignatureType::CertPersona,
    SignatureType::CertCasual,
    SignatureType::CertPositive,
];

/// One third-party certification found on a user id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certification {
    /// The certified user id (lossy UTF-8).
    pub user_id: String,
    /// The signature: issuer, creation time, and whether it verified against one of the
    /// certifier keys given (`signer_fingerprint` names that key).
    pub signature: SignatureCheck,
    /// True when a verified certification revocation by the same certifier, made at or after
    /// this certification, withdraws it.
    pub revoked: bool,
}

/// Certifies every user id of `target` with the primary key of `certifier` (a generic
/// certification, signature type 0x10, as OpenPGP.js `signAllUsers` and GnuPG `--sign-key`
/// make) and returns the target key, armored, with the new certifications added.
///
/// Errors: [`PgpError::UnusableSigner`] when the certifier's primary key is revoked, not
/// bound, or not flagged to certify; [`PgpError::MalformedKey`] when the target has no user
/// id to certify.
pub fn certify_user_ids(target: &PublicKey, certifier: &UnlockedKey) -> Result<String, PgpError> {
    let own = certifier.public_key().primary_signatures();
    if own.revoked || !own.bound || !own.capabilities.contains(&Capability::Certify) {
        return Err(PgpError::UnusableSigner);
    }
    let mut key: SignedPublicKey = target.signed().clone();
    if key.details.users.is_empty() {
        return Err(PgpError::MalformedKey {
            reason: "the key has no user id to certify",
        });
    }
    let signer = &certifier.secret().primary_key;
    let signee = key.primary_key.clone();
    for user in &mut key.details.users {
        let signed = user
            .id
            .sign_third_party(
                OsRng,
                signer,
                &Password::empty(),
                &signee,
                SignatureType::CertGeneric,
            )
            .map_err(PgpError::internal("certify the user id"))?;
        user.signatures.extend(signed.signatures);
    }
    key.to_armored_string(ArmorOptions::default())
        .map_err(PgpError::internal("armor the certified key"))
}

/// Every third-party certification on `target`'s user ids (self-signatures excluded), each
/// checked against the primary keys of `certifiers`. Never an error: a certification that
/// does not verify, or whose issuer is not among `certifiers`, is reported with
/// `verified: false`.
pub fn verify_certifications(target: &PublicKey, certifiers: &[&PublicKey]) -> Vec<Certification> {
    let key = target.signed();
    let own_key_id = key.primary_key.legacy_key_id();
    let own_fingerprint = key.primary_key.fingerprint();
    let mut found = Vec::new();
    for user in &key.details.users {
        let user_id = String::from_utf8_lossy(user.id.id()).into_owned();
        let verify = |sig: &Signature| -> Option<String> {
            certifiers.iter().find_map(|certifier| {
                sig.verify_third_party_certification(
                    &key.primary_key,
                    &certifier.signed().primary_key,
                    Tag::UserId,
                    &user.id,
                )
                .ok()
                .map(|_| certifier.fingerprint())
            })
        };
        let revocations: Vec<(String, u32)> = user
            .signatures
            .iter()
            .filter(|sig| sig.typ() == Some(SignatureType::CertRevocation))
            .filter_map(|sig| Some((verify(sig)?, sig.created()?.as_secs())))
            .collect();
        for sig in &user.signatures {
            let is_certification = sig.typ().is_some_and(|t| CERTIFICATIONS.contains(&t));
            let by_self = sig.issuer_key_id().iter().any(|id| **id == own_key_id)
                || sig
                    .issuer_fingerprint()
                    .iter()
                    .any(|fp| fp.as_bytes() == own_fingerprint.as_bytes());
            if !is_certification || by_self {
                continue;
            }
            let signer = verify(sig);
            let created = sig.created().map(|t| t.as_secs()).unwrap_or(0);
            let revoked = signer.as_ref().is_some_and(|signer| {
                revocations
                    .iter()
                    .any(|(fp, at)| fp == signer && *at >= created)
            });
            found.push(Certification {
                user_id: user_id.clone(),
                signature: describe(sig, signer),
                revoked,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pgp::{generate_key, KeyAlgorithm};

    fn pair(name: &str) -> (UnlockedKey, PublicKey) {
        let generated = generate_key(
            KeyAlgorithm::Curve25519,
            name,
            &format!("{}@example.com", name.to_lowercase()),
            "a passphrase for tests",
        )
        .expect("generate");
        let unlocked =
            UnlockedKey::unlock(&generated.private_armored, "a passphrase for tests").unwrap();
        let public = PublicKey::read(&generated.public_armored).unwrap();
        (unlocked, public)
    }

    #[test]
    fn a_certification_verifies_against_its_certifier_only() {
        let (admin, admin_public) = pair("Admin");
        let (_, other_public) = pair("Other");
        let (_, metadata) = pair("Metadata");
        let certified = PublicKey::read(&certify_user_ids(&metadata, &admin).unwrap()).unwrap();
        let found = verify_certifications(&certified, &[&other_public, &admin_public]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].signature.verified);
        assert_eq!(
            found[0].signature.signer_fingerprint.as_deref(),
            Some(admin_public.fingerprint().as_str())
        );
        assert_eq!(found[0].user_id, "Metadata <metadata@example.com>");
        assert!(!found[0].revoked);
        let unknown = verify_certifications(&certified, &[&other_public]);
        assert_eq!(unknown.len(), 1);
        assert!(!unknown[0].signature.verified);
        assert_eq!(
            unknown[0].signature.issuer_fingerprint.as_deref(),
            Some(admin_public.fingerprint().as_str())
        );
    }

    #[test]
    fn a_certification_moved_onto_another_key_does_not_verify() {
        let (admin, admin_public) = pair("Admin");
        let (_, metadata) = pair("Metadata");
        let (_, impostor) = pair("Metadata");
        let certified = PublicKey::read(&certify_user_ids(&metadata, &admin).unwrap()).unwrap();
        let stolen = certified.signed().details.users[0].signatures[1].clone();
        let mut forged = impostor.signed().clone();
        forged.details.users[0].signatures.push(stolen);
        let found = verify_certifications(&PublicKey::from_signed(forged), &[&admin_public]);
        assert_eq!(found.len(), 1);
        assert!(!found[0].signature.verified, "{found:?}");
        assert_eq!(
            found[0].signature.issuer_fingerprint.as_deref(),
            Some(admin_public.fingerprint().as_str())
        );
    }

    #[test]
    fn self_signatures_are_not_certifications() {
        let (_, metadata) = pair("Metadata");
        assert!(verify_certifications(&metadata, &[&metadata]).is_empty());
    }
}
