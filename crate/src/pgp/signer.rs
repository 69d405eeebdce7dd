//! The key packet of an unlocked key that makes signatures.

use pgp::types::SigningKey;

use super::error::PgpError;
use super::key_info::Capability;
use super::public_key::PublicKey;
use super::self_signatures::SelfSignatures;
use super::unlocked_key::UnlockedKey;

/// The primary key when it may sign (Passbolt's keys), else a valid signing subkey.
pub(crate) fn signing_key(key: &UnlockedKey) -> Result<&dyn SigningKey, PgpError> {
    let secret = key.secret();
    let public = PublicKey::from_signed(secret.to_public_key());
    let primary = SelfSignatures::of_primary(public.signed());
    if primary.revoked || !primary.bound {
        return Err(PgpError::UnusableSigner);
    }
    if primary.capabilities.contains(&Capability::Sign) {
        return Ok(&secret.primary_key);
    }
    secret
        .secret_subkeys
        .iter()
        .find(|sub| {
            let public_sub = sub.signed_public_key();
            let sig = SelfSignatures::of_subkey(&public.signed().primary_key, &public_sub);
            sig.bound && !sig.revoked && sig.capabilities.contains(&Capability::Sign)
        })
        .map(|sub| &sub.key as &dyn SigningKey)
        .ok_or(PgpError::UnusableSigner)
}
