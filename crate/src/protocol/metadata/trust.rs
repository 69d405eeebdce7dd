//! Trust on first use of the metadata key (§5.2): the client remembers the fingerprint of
//! the metadata key it trusted and refuses a changed key until the user confirms it. Once
//! trusted, a private copy the user has not signed is re-signed with
//! [`super::UnlockedMetadataKey::resign_copy_request`].

use serde::{Deserialize, Serialize};

use super::error::MetadataError;

/// The metadata key the user trusts, as the client stores it between sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedMetadataKey {
    /// Fingerprint of the trusted key, upper-case hex.
    pub fingerprint: String,
}

impl TrustedMetadataKey {
    /// Trusts the key with this fingerprint (after a first use or the user's confirmation).
    pub fn new(fingerprint: &str) -> Self {
        TrustedMetadataKey {
            fingerprint: fingerprint.to_ascii_uppercase(),
        }
    }
}

/// What the client must do about the server's current metadata key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrustDecision {
    /// It is the trusted key: go on.
    Trusted,
    /// No key was trusted yet: show the fingerprint to the user and store
    /// [`TrustedMetadataKey::new`] once accepted.
    FirstUse {
        /// Fingerprint of the key to confirm.
        fingerprint: String,
    },
}

/// Compares the server's active metadata key with the trusted one.
///
/// Errors: [`MetadataError::MetadataKeyChanged`] (with both fingerprints) when a key was
/// trusted and the server now presents another: the client must not use the new key for
/// encryption until the user confirms it (then stores [`TrustedMetadataKey::new`]).
pub fn check_metadata_key_trust(
    trusted: Option<&TrustedMetadataKey>,
    current_fingerprint: &str,
) -> Result<TrustDecision, MetadataError> {
    let current = current_fingerprint.to_ascii_uppercase();
    match trusted {
        None => Ok(TrustDecision::FirstUse {
            fingerprint: current,
        }),
        Some(t) if t.fingerprint.eq_ignore_ascii_case(&current) => Ok(TrustDecision::Trusted),
        Some(t) => Err(MetadataError::MetadataKeyChanged {
            trusted: t.fingerprint.clone(),
            current,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "4813583F649EB9E1E1C11CA86C2DEAB09A35C1C6";
    const B: &str = "A666D519FB17EDA844AF7F1B09D7E972478529D7";

    #[test]
    fn first_use_asks_for_confirmation() {
        assert_eq!(
            check_metadata_key_trust(None, &A.to_lowercase()),
            Ok(TrustDecision::FirstUse {
                fingerprint: A.into()
            })
        );
    }

    #[test]
    fn the_same_key_is_trusted_in_any_case() {
        let trusted = TrustedMetadataKey::new(&A.to_lowercase());
        assert_eq!(
            check_metadata_key_trust(Some(&trusted), A),
            Ok(TrustDecision::Trusted)
        );
    }

    #[test]
    fn a_changed_key_names_both_fingerprints() {
        let trusted = TrustedMetadataKey::new(A);
        assert_eq!(
            check_metadata_key_trust(Some(&trusted), B),
            Err(MetadataError::MetadataKeyChanged {
                trusted: A.into(),
                current: B.into()
            })
        );
    }
}
