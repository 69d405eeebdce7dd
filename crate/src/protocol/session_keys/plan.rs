//! The decryption plan for a resource list (§5.4): skip what is unchanged since the last
//! decryption, then use cached session keys, then the metadata private key, then the
//! user's key; collect the session keys of what needed a private key.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::bundle::{ForeignModel, SessionKeyEntry, SessionKeysBundle, Timestamp};
use crate::pgp::{
    decrypt_many, BatchItem, DecryptOptions, Decrypted, PgpError, SessionKey, UnlockedKey,
};
use crate::protocol::metadata::{
    check_metadata, DecryptedMetadata, MetadataError, MetadataKeyType, MetadataKeyring,
};

/// A v5 resource's encrypted metadata and what identifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptedItem {
    /// The resource's id.
    pub id: String,
    /// The resource's `modified`.
    pub modified: String,
    /// The armored metadata.
    pub metadata: String,
    /// The metadata key's id (for `user_key`, the user's gpgkey id).
    pub metadata_key_id: Option<String>,
    /// Which key the metadata is encrypted for.
    pub metadata_key_type: MetadataKeyType,
    /// The resource's type id, which the metadata must repeat.
    pub resource_type_id: String,
}

impl EncryptedItem {
    /// Reads one item of `GET /resources.json`; `Ok(None)` for a v4 resource (no metadata).
    ///
    /// Errors: [`MetadataError::InvalidField`] naming a missing or malformed field.
    pub fn from_resource(resource: &Value) -> Result<Option<Self>, MetadataError> {
        let text = |name: &'static str| {
            resource
                .get(name)
                .and_then(Value::as_str)
                .ok_or(MetadataError::InvalidField {
                    field: name,
                    reason: "it is missing or not a string",
                })
        };
        let Some(metadata) = resource.get("metadata").and_then(Value::as_str) else {
            return Ok(None);
        };
        Ok(Some(EncryptedItem {
            id: text("id")?.to_string(),
            modified: text("modified")?.to_string(),
            metadata: metadata.to_string(),
            metadata_key_id: resource
                .get("metadata_key_id")
                .and_then(Value::as_str)
                .map(str::to_string),
            metadata_key_type: MetadataKeyType::from_name(text("metadata_key_type")?).ok_or(
                MetadataError::InvalidField {
                    field: "metadata_key_type",
                    reason: "it is neither user_key nor shared_key",
                },
            )?,
            resource_type_id: text("resource_type_id")?.to_string(),
        }))
    }
}

/// How an item is to be decrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecryptionStep {
    /// `modified` is the one of the last decryption: reuse that result.
    Unchanged,
    /// A cached session key (falling back to the item's private key if it went stale).
    SessionKey,
    /// The metadata private key with this id.
    MetadataKey {
        /// The metadata key's id (`None` when the server gave none).
        metadata_key_id: Option<String>,
    },
    /// The user's private key.
    UserKey,
}

/// The key a decryption used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecryptedVia {
    /// A cached session key (no private-key operation).
    SessionKey,
    /// The metadata private key.
    MetadataKey,
    /// The user's private key.
    UserKey,
}

/// What became of one item.
#[derive(Debug, Clone)]
pub enum ItemOutcome {
    /// Unchanged since the last decryption.
    Unchanged,
    /// Decrypted and checked.
    Decrypted {
        /// The metadata and its session key.
        metadata: DecryptedMetadata,
        /// What decrypted it.
        via: DecryptedVia,
    },
    /// This item failed; the others are not affected.
    Failed(MetadataError),
}

/// The outcomes, in item order, and the session keys to record in the cache.
#[derive(Debug, Clone)]
pub struct DecryptionRun {
    /// One outcome per item.
    pub outcomes: Vec<ItemOutcome>,
    /// Session keys of the items a private key decrypted (see [`super::SessionKeyStore::record`]).
    pub new_session_keys: Vec<SessionKeyEntry>,
}

/// The steps for a list of items.
#[derive(Debug, Clone)]
pub struct DecryptionPlan<'a> {
    items: &'a [EncryptedItem],
    session_keys: &'a SessionKeysBundle,
    steps: Vec<DecryptionStep>,
}

impl<'a> DecryptionPlan<'a> {
    /// Plans each item: unchanged when `previous` (resource id to the `modified` of its last
    /// decryption) holds its current `modified`; else its cached session key if any; else
    /// the key its `metadata_key_type` names.
    pub fn new(
        items: &'a [EncryptedItem],
        previous: &HashMap<String, String>,
        session_keys: &'a SessionKeysBundle,
    ) -> Self {
        let steps = items
            .iter()
            .map(|item| {
                if previous.get(&item.id) == Some(&item.modified) {
                    DecryptionStep::Unchanged
                } else if session_keys.get(ForeignModel::Resource, &item.id).is_some() {
                    DecryptionStep::SessionKey
                } else {
                    key_step(item)
                }
            })
            .collect();
        DecryptionPlan {
            items,
            session_keys,
            steps,
        }
    }

    /// One step per item, in item order.
    pub fn steps(&self) -> &[DecryptionStep] {
        &self.steps
    }

    /// The metadata keys the plan needs unlocked (session keys that go stale may need more).
    pub fn metadata_keys_needed(&self) -> BTreeSet<String> {
        self.steps
            .iter()
            .filter_map(|step| match step {
                DecryptionStep::MetadataKey {
                    metadata_key_id: Some(id),
                } => Some(id.clone()),
                _ => None,
            })
            .collect()
    }

    /// True when some item needs the user's key.
    pub fn needs_user_key(&self) -> bool {
        self.steps.contains(&DecryptionStep::UserKey)
    }

    /// The private-key batches of the plan: one per key, in key order (metadata keys by id,
    /// then the user's key), each with the indexes of its items in item order. An item with
    /// a cached session key is in the batch of the key it falls back to; unchanged items are
    /// in none. [`DecryptionPlan::run`] makes one `pgp` batch call per batch.
    pub fn batches(&self) -> Vec<DecryptionBatch> {
        let mut groups: BTreeMap<BatchKey, Vec<usize>> = BTreeMap::new();
        for (index, (item, step)) in self.items.iter().zip(&self.steps).enumerate() {
            if *step != DecryptionStep::Unchanged {
                groups.entry(batch_key(item)).or_default().push(index);
            }
        }
        groups
            .into_iter()
            .map(|(key, items)| DecryptionBatch { key, items })
            .collect()
    }

    /// Runs the plan: one batch decryption per key of [`DecryptionPlan::batches`] (items with
    /// a session key try it first and fall back to their key when it no longer fits), then
    /// the metadata checks of [`check_metadata`]. An item's failure is its own outcome.
    pub fn run(
        &self,
        metadata_keys: &MetadataKeyring,
        user_key: Option<&UnlockedKey>,
    ) -> DecryptionRun {
        // Every item not planned as unchanged is overwritten below.
        let mut outcomes = vec![ItemOutcome::Unchanged; self.items.len()];
        let mut new_session_keys = Vec::new();
        for DecryptionBatch { key, items } in self.batches() {
            let (key, via) = match &key {
                BatchKey::MetadataKey { metadata_key_id } => (
                    metadata_key_id
                        .as_deref()
                        .and_then(|id| metadata_keys.get(id))
                        .map(|k| k.key()),
                    DecryptedVia::MetadataKey,
                ),
                BatchKey::UserKey => (user_key, DecryptedVia::UserKey),
            };
            let cached: Vec<Option<&SessionKey>> = items
                .iter()
                .map(|&i| {
                    self.session_keys
                        .get(ForeignModel::Resource, &self.items[i].id)
                        .map(|e| &e.session_key)
                })
                .collect();
            let batch: Vec<BatchItem<'_>> = items
                .iter()
                .zip(&cached)
                .map(|(&i, session_key)| BatchItem {
                    message: &self.items[i].metadata,
                    session_key: *session_key,
                })
                .collect();
            let results = decrypt_many(&batch, key, &DecryptOptions::default());
            for ((&index, cached), result) in items.iter().zip(cached).zip(results) {
                let item = &self.items[index];
                let settled = result
                    .map_err(|e| decrypt_error(item, key.is_some(), e))
                    .and_then(|decrypted| settle(item, cached, decrypted, via));
                outcomes[index] = match settled {
                    Ok((outcome, new_key)) => {
                        new_session_keys.extend(new_key);
                        outcome
                    }
                    Err(e) => ItemOutcome::Failed(e),
                };
            }
        }
        DecryptionRun {
            outcomes,
            new_session_keys,
        }
    }
}

/// Checks what was decrypted; a key that did not come from the cache is to be recorded.
fn settle(
    item: &EncryptedItem,
    cached: Option<&SessionKey>,
    decrypted: Decrypted,
    key_via: DecryptedVia,
) -> Result<(ItemOutcome, Option<SessionKeyEntry>), MetadataError> {
    let metadata = check_metadata(&decrypted.data, &item.resource_type_id)?;
    let from_cache = cached == Some(&decrypted.session_key);
    let new_key = match Timestamp::parse(&item.modified) {
        Ok(modified) if !from_cache => Some(SessionKeyEntry {
            foreign_model: ForeignModel::Resource,
            foreign_id: item.id.to_ascii_lowercase(),
            session_key: decrypted.session_key.clone(),
            modified,
        }),
        _ => None,
    };
    let outcome = ItemOutcome::Decrypted {
        metadata: DecryptedMetadata {
            metadata,
            session_key: decrypted.session_key,
        },
        via: if from_cache {
            DecryptedVia::SessionKey
        } else {
            key_via
        },
    };
    Ok((outcome, new_key))
}

/// Without a key, a missing or stale session key is reported as the key it needs.
fn decrypt_error(item: &EncryptedItem, key_given: bool, error: PgpError) -> MetadataError {
    match error {
        PgpError::NoMatchingKey | PgpError::DecryptionFailed if !key_given => missing_key(item),
        source => MetadataError::Pgp {
            operation: "decrypt the metadata",
            source,
        },
    }
}

/// The private key of a batch: items decrypted by the same key are decrypted in one call.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BatchKey {
    /// The metadata private key with this id (`None` when the server gave none).
    MetadataKey {
        /// The metadata key's id.
        metadata_key_id: Option<String>,
    },
    /// The user's private key.
    UserKey,
}

/// The items that one private key decrypts (see [`DecryptionPlan::batches`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecryptionBatch {
    /// The key.
    pub key: BatchKey,
    /// Indexes into the plan's items, in item order.
    pub items: Vec<usize>,
}

fn batch_key(item: &EncryptedItem) -> BatchKey {
    match item.metadata_key_type {
        MetadataKeyType::SharedKey => BatchKey::MetadataKey {
            metadata_key_id: item.metadata_key_id.clone(),
        },
        MetadataKeyType::UserKey => BatchKey::UserKey,
    }
}

fn key_step(item: &EncryptedItem) -> DecryptionStep {
    match item.metadata_key_type {
        MetadataKeyType::SharedKey => DecryptionStep::MetadataKey {
            metadata_key_id: item.metadata_key_id.clone(),
        },
        MetadataKeyType::UserKey => DecryptionStep::UserKey,
    }
}

fn missing_key(item: &EncryptedItem) -> MetadataError {
    match item.metadata_key_type {
        MetadataKeyType::SharedKey => MetadataError::MissingMetadataKey {
            metadata_key_id: item.metadata_key_id.clone().unwrap_or_default(),
        },
        MetadataKeyType::UserKey => MetadataError::MissingUserKey,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pgp::SessionKey;

    fn item(id: &str, key_type: MetadataKeyType) -> EncryptedItem {
        EncryptedItem {
            id: id.into(),
            modified: "2026-11-21T10:16:26+00:00".into(),
            metadata: "not decrypted here".into(),
            metadata_key_id: Some("k1".into()),
            metadata_key_type: key_type,
            resource_type_id: "dd1f723d-0d1e-513f-8218-4055dc0530d0".into(),
        }
    }

    #[test]
    fn steps_follow_the_order_unchanged_session_key_then_private_key() {
        let items = [
            item(
                "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a31",
                MetadataKeyType::SharedKey,
            ),
            item(
                "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a32",
                MetadataKeyType::SharedKey,
            ),
            item(
                "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a33",
                MetadataKeyType::SharedKey,
            ),
            item(
                "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a34",
                MetadataKeyType::UserKey,
            ),
        ];
        let previous = HashMap::from([(items[0].id.clone(), items[0].modified.clone())]);
        let mut cache = SessionKeysBundle::new();
        cache.record(SessionKeyEntry {
            foreign_model: ForeignModel::Resource,
            foreign_id: items[1].id.clone(),
            session_key: SessionKey::parse(&format!("9:{}", "AB".repeat(32))).unwrap(),
            modified: Timestamp::parse(&items[1].modified).unwrap(),
        });
        let plan = DecryptionPlan::new(&items, &previous, &cache);
        assert_eq!(
            plan.steps(),
            [
                DecryptionStep::Unchanged,
                DecryptionStep::SessionKey,
                DecryptionStep::MetadataKey {
                    metadata_key_id: Some("k1".into())
                },
                DecryptionStep::UserKey
            ]
        );
        assert!(plan.needs_user_key());
    }

    #[test]
    fn items_without_their_key_fail_alone_and_name_it() {
        let items = [
            item(
                "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a31",
                MetadataKeyType::SharedKey,
            ),
            item(
                "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a32",
                MetadataKeyType::UserKey,
            ),
        ];
        let cache = SessionKeysBundle::new();
        let run =
            DecryptionPlan::new(&items, &HashMap::new(), &cache).run(&MetadataKeyring::new(), None);
        let errors: Vec<_> = run
            .outcomes
            .iter()
            .map(|o| match o {
                ItemOutcome::Failed(e) => e.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            errors,
            [
                MetadataError::MissingMetadataKey {
                    metadata_key_id: "k1".into()
                },
                MetadataError::MissingUserKey
            ]
        );
    }
}
