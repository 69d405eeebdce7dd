//! The key packet of an unlocked key that makes signatures.

use pgp::types::SigningKey;

use super::error::PgpError;
use super::key_info::Capability;
use super::public_key::PublicKey;

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
) -> Result<&dyn SigningKey, PgpError> {
    let secret = key.secret();
    match key.signer_slot().ok_or(PgpError::UnusableSigner)? {
        SignerSlot::Primary => Ok(&secret.primary_key),
        // The public view lists secret-less subkeys first, then the secret ones.
        SignerSlot::Subkey(index) => index
            .checked_sub(secret.public_subkeys.len())
            .and_then(|i| secret.secret_subkeys.get(i))
            .map(|sub| &sub.key as &dyn SigningKey)
            .ok_or(PgpError::UnusableSigner),
    }
}
