//! The session-key cache (`protocol.md` §5.4): `PASSBOLT_SESSION_KEYS` bundles stored
//! encrypted on the server, merged and compacted into one, and the decryption plan that
//! uses them to decrypt a resource list without one private-key operation per item.
//!
//! Errors are [`MetadataError`](crate::protocol::metadata::MetadataError)s: the cache is
//! part of v5 metadata.

mod bundle;
mod plan;
mod store;

pub use bundle::{
    ForeignModel, SessionKeyEntry, SessionKeysBundle, Timestamp, MAX_BUNDLE_ARMOR_BYTES,
};
pub use plan::{
    BatchKey, DecryptedVia, DecryptionBatch, DecryptionPlan, DecryptionRun, DecryptionStep,
    EncryptedItem, ItemOutcome,
};
pub use store::{
    bundles_request, parse_bundles, EncryptedBundle, SaveOutcome, SavePlan, SessionKeyStore,
};
