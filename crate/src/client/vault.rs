//! The decrypted resource list (§4.2, §5): v4 resources as they are, v5 metadata through the
//! whole pipeline: metadata keys (trust on first use of the active one), the caller's private
//! copies, the session-key bundles, a [`DecryptionPlan`] that skips what is unchanged since the
//! last call, and the save of new session keys back to the server (409 re-merge).

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Serialize;
use serde_json::{json, Value};

use crate::protocol::http::Request;
use crate::protocol::metadata::{
    active_metadata_key, check_metadata_key_trust, metadata_keys_request, parse_metadata_keys,
    MetadataError, MetadataKey, MetadataKeyType, MetadataKeyring, TrustDecision,
    TrustedMetadataKey, UnlockedMetadataKey,
};
use crate::protocol::resources::{self, ListResources, Resource, ResourceContain, ResourceContent};
use crate::protocol::session_keys::{
    bundles_request, parse_bundles, DecryptedVia, DecryptionPlan, DecryptionStep, EncryptedItem,
    ItemOutcome, SaveOutcome, SessionKeyStore,
};

use super::api::{Account, Client};
use super::error::ClientError;
use super::transport::Transport;

/// Items decrypted between two progress reports.
const PROGRESS_CHUNK: usize = 25;

/// What the client keeps between calls of the vault: the trusted metadata key, the unlocked
/// metadata keys, the session keys and the last decrypted metadata.
#[derive(Default)]
pub(crate) struct VaultState {
    /// The metadata key the user trusts (kept across logins, like the server pin).
    pub(crate) trusted: Option<TrustedMetadataKey>,
    /// Unlocked metadata private keys, by id.
    pub(crate) metadata_keys: MetadataKeyring,
    /// The session keys and their bundle on the server (`None` until first loaded).
    pub(crate) store: Option<SessionKeyStore>,
    /// Resource id to the `modified` and metadata of its last decryption.
    pub(crate) previous: HashMap<String, Cached>,
}

/// The last decryption of one resource's metadata.
#[derive(Clone)]
pub(crate) struct Cached {
    modified: String,
    metadata: Value,
}

impl VaultState {
    pub(crate) fn forget_user_data(&mut self) {
        let trusted = self.trusted.take();
        *self = VaultState {
            trusted,
            ..VaultState::default()
        };
    }
}

/// An error of one item of a list (the others are not affected): the stable code and the
/// message of the [`ClientError`] it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemError {
    /// The stable code (`RESOURCE_TYPE_MISMATCH`, `DECRYPTION_FAILED`, ...).
    pub code: String,
    /// A message that helps, naming no secret.
    pub message: String,
}

impl From<&ClientError> for ItemError {
    fn from(e: &ClientError) -> Self {
        ItemError {
            code: e.code().to_owned(),
            message: e.to_string(),
        }
    }
}

impl From<MetadataError> for ItemError {
    fn from(e: MetadataError) -> Self {
        ItemError::from(&ClientError::from(e))
    }
}

/// One resource of the decrypted list, with snake_case fields as in the server's JSON.
/// `Debug` shows neither the metadata nor anything decrypted.
#[derive(Clone, PartialEq, Serialize)]
pub struct ResourceView {
    /// The resource's id.
    pub id: String,
    /// Its type's id.
    pub resource_type_id: String,
    /// Its type's slug, when the type is one of the known ones.
    pub resource_type: Option<String>,
    /// The metadata: v5 decrypted (`name`, `username`, `uris`, `description`, ...), v4 mapped
    /// to the same shape; `None` when the item failed.
    pub metadata: Option<Value>,
    /// `user_key` or `shared_key` for a v5 resource, `None` for v4.
    pub metadata_key_type: Option<MetadataKeyType>,
    /// The folder, if any.
    pub folder_parent_id: Option<String>,
    /// True when only the caller has access.
    pub personal: Option<bool>,
    /// Modification date.
    pub modified: Option<String>,
    /// The caller's permission: 1 read, 7 update, 15 owner.
    pub permission: Option<u8>,
    /// How the metadata was obtained: `cleartext` (v4), `unchanged` (the previous call's
    /// result), `session_key`, `metadata_key`, `user_key`, or `none` (failed).
    pub decrypted_via: &'static str,
    /// Why this item failed.
    pub error: Option<ItemError>,
}

impl fmt::Debug for ResourceView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResourceView")
            .field("id", &self.id)
            .field("resource_type", &self.resource_type)
            .field("decrypted_via", &self.decrypted_via)
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

/// What became of the session keys after a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionKeysSave {
    /// `up_to_date` (nothing to save), `saved`, or `failed` (the list is still good).
    pub status: &'static str,
    /// How many 409 conflicts were met and re-merged.
    pub conflicts: u32,
    /// Why the save failed.
    pub error: Option<ItemError>,
}

/// The decrypted list.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceList {
    /// Every resource the caller can read, in the server's order.
    pub resources: Vec<ResourceView>,
    /// How many metadata messages this call decrypted (0 when nothing changed).
    pub decrypted: usize,
    /// The save of new session keys.
    pub session_keys: SessionKeysSave,
}

impl ResourceView {
    /// The view of a resource before its metadata is known.
    pub(crate) fn of(resource: &Resource) -> Self {
        let (metadata, metadata_key_type, via) = match &resource.content {
            ResourceContent::V4 {
                name,
                username,
                uri,
                description,
            } => (
                Some(v4_metadata(name, username, uri, description)),
                None,
                "cleartext",
            ),
            ResourceContent::V5 {
                metadata_key_type, ..
            } => (None, Some(*metadata_key_type), "none"),
        };
        ResourceView {
            id: resource.id.clone(),
            resource_type_id: resource.resource_type_id.clone(),
            resource_type: resource.resource_type.map(|t| t.slug().to_owned()),
            metadata,
            metadata_key_type,
            folder_parent_id: resource.folder_parent_id.clone(),
            personal: resource.personal,
            modified: resource.modified.clone(),
            permission: resource
                .permission
                .as_ref()
                .map(|p| p.permission_type.code()),
            decrypted_via: via,
            error: None,
        }
    }
}

/// v4 cleartext fields in the v5 metadata shape.
pub(crate) fn v4_metadata(
    name: &str,
    username: &Option<String>,
    uri: &Option<String>,
    description: &Option<String>,
) -> Value {
    json!({
        "name": name,
        "username": username,
        "uris": uri.iter().collect::<Vec<_>>(),
        "description": description,
    })
}

fn via_name(via: DecryptedVia) -> &'static str {
    match via {
        DecryptedVia::SessionKey => "session_key",
        DecryptedVia::MetadataKey => "metadata_key",
        DecryptedVia::UserKey => "user_key",
    }
}

/// The id in `/metadata/session-keys/{id}.json`.
fn bundle_id(request: &Request) -> &str {
    request
        .path
        .strip_prefix("/metadata/session-keys/")
        .and_then(|rest| rest.strip_suffix(".json"))
        .unwrap_or_default()
}

impl<T: Transport> Client<T> {
    /// The fingerprint of the metadata key the client trusts (set on first use, or by
    /// [`Client::trust_metadata_key`]).
    pub fn trusted_metadata_key(&self) -> Option<String> {
        self.vault
            .borrow()
            .trusted
            .as_ref()
            .map(|t| t.fingerprint.clone())
    }

    /// Trusts the metadata key with this fingerprint (a stored trust, or the user's
    /// confirmation after `METADATA_KEY_CHANGED`).
    ///
    /// Errors: [`ClientError::InvalidOption`] for a fingerprint that is not 40 hex digits.
    pub fn trust_metadata_key(&self, fingerprint: &str) -> Result<(), ClientError> {
        if fingerprint.len() != 40 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ClientError::InvalidOption {
                name: "metadata_key_fingerprint",
                reason: "it must be 40 hexadecimal digits",
            });
        }
        self.vault.borrow_mut().trusted = Some(TrustedMetadataKey::new(fingerprint));
        Ok(())
    }

    /// The metadata keys with the caller's private copies.
    pub(crate) async fn fetch_metadata_keys(&self) -> Result<Vec<MetadataKey>, ClientError> {
        let response = self.conn.call(metadata_keys_request()).await?;
        Ok(parse_metadata_keys(&response)?)
    }

    /// Checks the active key of `keys` against the trusted fingerprint (trusting it on first
    /// use) and returns it; `None` when no key is active.
    ///
    /// Errors: [`MetadataError::MetadataKeyChanged`].
    pub(crate) fn check_trust<'k>(
        &self,
        keys: &'k [MetadataKey],
    ) -> Result<Option<&'k MetadataKey>, ClientError> {
        let Ok(active) = active_metadata_key(keys) else {
            return Ok(None);
        };
        let decision =
            check_metadata_key_trust(self.vault.borrow().trusted.as_ref(), &active.fingerprint)?;
        if let TrustDecision::FirstUse { fingerprint } = decision {
            self.vault.borrow_mut().trusted = Some(TrustedMetadataKey::new(&fingerprint));
        }
        Ok(Some(active))
    }

    /// Unlocks the caller's copy of `key` unless it is unlocked already.
    pub(crate) fn unlock_metadata_key(
        &self,
        key: &MetadataKey,
        account: &Account,
    ) -> Result<UnlockedMetadataKey, MetadataError> {
        if let Some(unlocked) = self.vault.borrow().metadata_keys.get(&key.id) {
            return Ok(unlocked.clone());
        }
        let unlocked = UnlockedMetadataKey::unlock(key, &account.key, self.url())?;
        self.vault
            .borrow_mut()
            .metadata_keys
            .insert(unlocked.clone());
        Ok(unlocked)
    }

    /// The trusted, unlocked active metadata key, for new shared metadata.
    ///
    /// Errors: [`MetadataError::NoActiveMetadataKey`], `METADATA_KEY_CHANGED`, and the
    /// errors of [`UnlockedMetadataKey::unlock`].
    pub(crate) async fn shared_metadata_key(
        &self,
        account: &Account,
    ) -> Result<UnlockedMetadataKey, ClientError> {
        let keys = self.fetch_metadata_keys().await?;
        let active = self
            .check_trust(&keys)?
            .ok_or(ClientError::Metadata(MetadataError::NoActiveMetadataKey))?;
        Ok(self.unlock_metadata_key(active, account)?)
    }

    /// Loads the session-key bundles unless they were loaded before.
    async fn ensure_session_keys(&self, account: &Account) -> Result<(), ClientError> {
        if self.vault.borrow().store.is_some() {
            return Ok(());
        }
        let response = self.conn.call(bundles_request()).await?;
        let bundles = parse_bundles(&response)?;
        let store = SessionKeyStore::load(&bundles, &account.key);
        self.vault.borrow_mut().store = Some(store);
        Ok(())
    }

    /// Every resource the caller can read, with its metadata decrypted. Items unchanged since
    /// the last call of this client are not decrypted again; the others use a cached session
    /// key, else the metadata private key or the user's key. `progress(done, total)` is
    /// called as the v5 items are decrypted. New session keys are saved to the server (on a
    /// 409 the bundles are re-read, merged and saved once more); a failed save is reported in
    /// [`ResourceList::session_keys`], not as an error. One item that cannot be decrypted or
    /// checked carries its own [`ItemError`].
    ///
    /// Errors: the session and envelope errors, [`ClientError::Api`] for a malformed list,
    /// [`ClientError::Metadata`] for an unreadable metadata key list or settings and
    /// `METADATA_KEY_CHANGED` when the active metadata key is not the trusted one (confirm
    /// it with [`Client::trust_metadata_key`]).
    pub async fn resources(
        &self,
        progress: Option<&dyn Fn(usize, usize)>,
    ) -> Result<ResourceList, ClientError> {
        let account = self.account()?;
        let request = ListResources {
            contain: vec![ResourceContain::Permission],
            ..ListResources::default()
        }
        .request();
        let response = self.conn.call(request).await?;
        let list = resources::parse_list(&response)?;
        let mut views: Vec<ResourceView> = list.iter().map(ResourceView::of).collect();
        let mut items = Vec::new();
        let mut positions = Vec::new();
        for (position, resource) in list.iter().enumerate() {
            let ResourceContent::V5 {
                metadata,
                metadata_key_id,
                metadata_key_type,
            } = &resource.content
            else {
                continue;
            };
            let Some(modified) = &resource.modified else {
                views[position].error = Some(ItemError::from(MetadataError::InvalidField {
                    field: "modified",
                    reason: "it is missing or not a string",
                }));
                continue;
            };
            items.push(EncryptedItem {
                id: resource.id.clone(),
                modified: modified.clone(),
                metadata: metadata.clone(),
                metadata_key_id: metadata_key_id.clone(),
                metadata_key_type: *metadata_key_type,
                resource_type_id: resource.resource_type_id.clone(),
            });
            positions.push(position);
        }
        if items.is_empty() {
            self.vault.borrow_mut().previous.clear();
            return Ok(ResourceList {
                resources: views,
                decrypted: 0,
                session_keys: SessionKeysSave {
                    status: "up_to_date",
                    conflicts: 0,
                    error: None,
                },
            });
        }

        let has_shared = items
            .iter()
            .any(|i| i.metadata_key_type == MetadataKeyType::SharedKey);
        let keys = if has_shared {
            let keys = self.fetch_metadata_keys().await?;
            self.check_trust(&keys)?;
            keys
        } else {
            Vec::new()
        };
        self.ensure_session_keys(&account).await?;

        let previous: HashMap<String, String> = self
            .vault
            .borrow()
            .previous
            .iter()
            .map(|(id, cached)| (id.clone(), cached.modified.clone()))
            .collect();
        // The metadata keys of the items to decrypt (a stale session key falls back to its key).
        let needed: Vec<String> = {
            let vault = self.vault.borrow();
            let store = vault.store.as_ref().map(SessionKeyStore::keys);
            let empty = Default::default();
            let plan = DecryptionPlan::new(&items, &previous, store.unwrap_or(&empty));
            items
                .iter()
                .zip(plan.steps())
                .filter(|(item, step)| {
                    **step != DecryptionStep::Unchanged
                        && item.metadata_key_type == MetadataKeyType::SharedKey
                })
                .filter_map(|(item, _)| item.metadata_key_id.clone())
                .collect()
        };
        let mut unlock_errors: BTreeMap<String, MetadataError> = BTreeMap::new();
        for id in needed {
            if unlock_errors.contains_key(&id) {
                continue;
            }
            let result = match keys.iter().find(|k| k.id.eq_ignore_ascii_case(&id)) {
                Some(key) => self.unlock_metadata_key(key, &account).map(|_| ()),
                None => Err(MetadataError::MissingMetadataKey {
                    metadata_key_id: id.clone(),
                }),
            };
            if let Err(e) = result {
                unlock_errors.insert(id, e);
            }
        }

        let total = items.len();
        let mut outcomes: Vec<ItemOutcome> = Vec::with_capacity(total);
        let mut new_keys = Vec::new();
        for chunk in items.chunks(PROGRESS_CHUNK) {
            let run = {
                let vault = self.vault.borrow();
                let empty = Default::default();
                let store = vault.store.as_ref().map_or(&empty, SessionKeyStore::keys);
                DecryptionPlan::new(chunk, &previous, store)
                    .run(&vault.metadata_keys, Some(&account.key))
            };
            outcomes.extend(run.outcomes);
            new_keys.extend(run.new_session_keys);
            if let Some(report) = progress {
                report(outcomes.len(), total);
            }
        }

        let mut decrypted = 0;
        let mut next: HashMap<String, Cached> = HashMap::new();
        {
            let vault = self.vault.borrow();
            for ((item, outcome), &position) in items.iter().zip(outcomes).zip(&positions) {
                let view = &mut views[position];
                let metadata = match outcome {
                    ItemOutcome::Unchanged => match vault.previous.get(&item.id) {
                        Some(cached) => {
                            view.decrypted_via = "unchanged";
                            Some(cached.metadata.clone())
                        }
                        None => None,
                    },
                    ItemOutcome::Decrypted { metadata, via } => {
                        decrypted += 1;
                        view.decrypted_via = via_name(via);
                        Some(metadata.metadata)
                    }
                    ItemOutcome::Failed(e) => {
                        let e = match item.metadata_key_id.as_ref().and_then(|id| {
                            (item.metadata_key_type == MetadataKeyType::SharedKey)
                                .then(|| unlock_errors.get(id))
                                .flatten()
                        }) {
                            Some(unlock_error) => unlock_error.clone(),
                            None => e,
                        };
                        view.error = Some(ItemError::from(e));
                        None
                    }
                };
                if let Some(metadata) = metadata {
                    view.metadata = Some(metadata.clone());
                    next.insert(
                        item.id.clone(),
                        Cached {
                            modified: item.modified.clone(),
                            metadata,
                        },
                    );
                }
            }
        }
        {
            let mut vault = self.vault.borrow_mut();
            vault.previous = next;
            if let Some(store) = vault.store.as_mut() {
                store.record(new_keys);
            }
        }
        let session_keys = self.save_session_keys(&account).await;
        Ok(ResourceList {
            resources: views,
            decrypted,
            session_keys,
        })
    }

    /// Saves the session keys the server's bundle lacks; never fails the listing.
    async fn save_session_keys(&self, account: &Account) -> SessionKeysSave {
        let mut conflicts = 0;
        match self.try_save_session_keys(account, &mut conflicts).await {
            Ok(saved) => SessionKeysSave {
                status: if saved { "saved" } else { "up_to_date" },
                conflicts,
                error: None,
            },
            Err(e) => SessionKeysSave {
                status: "failed",
                conflicts,
                error: Some(ItemError::from(&e)),
            },
        }
    }

    async fn try_save_session_keys(
        &self,
        account: &Account,
        conflicts: &mut u32,
    ) -> Result<bool, ClientError> {
        loop {
            let plan = {
                let mut vault = self.vault.borrow_mut();
                match vault.store.as_mut() {
                    Some(store) => store.save_plan(&account.key)?,
                    None => None,
                }
            };
            let Some(plan) = plan else {
                return Ok(false);
            };
            if let Some(save) = plan.save {
                let response = self.conn.call(save).await?;
                let outcome = match self.vault.borrow_mut().store.as_mut() {
                    Some(store) => store.apply_save_response(&response)?,
                    None => return Ok(false),
                };
                if outcome == SaveOutcome::Conflict {
                    *conflicts += 1;
                    if *conflicts > 1 {
                        return Err(ClientError::Metadata(MetadataError::Server {
                            http_status: 409,
                            message: "The metadata session key data has changed again.".into(),
                        }));
                    }
                    let response = self.conn.call(bundles_request()).await?;
                    let bundles = parse_bundles(&response)?;
                    if let Some(store) = self.vault.borrow_mut().store.as_mut() {
                        store.reload(&bundles, &account.key);
                    }
                    continue;
                }
            }
            for delete in plan.delete {
                let id = bundle_id(&delete).to_owned();
                let response = self.conn.call(delete).await?;
                if let Some(store) = self.vault.borrow_mut().store.as_mut() {
                    store.apply_delete_response(&id, &response)?;
                }
            }
            return Ok(true);
        }
    }

    /// Forgets the cached metadata of a resource (after a write), so that the next listing
    /// decrypts it again.
    pub(crate) fn forget_cached(&self, resource_id: &str) {
        self.vault.borrow_mut().previous.remove(resource_id);
    }
}
