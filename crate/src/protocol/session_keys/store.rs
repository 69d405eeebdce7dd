//! The bundles on the server (`/metadata/session-keys.json`): load and merge them, save the
//! merged keys into the newest bundle with optimistic concurrency, delete the others.
//!
//! Flow for a driver:
//! 1. send [`bundles_request`], read it with [`parse_bundles`], [`SessionKeyStore::load`];
//! 2. decrypt (see [`super::DecryptionPlan`]) and [`SessionKeyStore::record`] new keys;
//! 3. [`SessionKeyStore::save_plan`]: send its `save` request and give the answer to
//!    [`SessionKeyStore::apply_save_response`];
//! 4. on [`SaveOutcome::Conflict`] (another client saved first): send [`bundles_request`]
//!    again, [`SessionKeyStore::reload`] (our keys are kept) and go back to 3;
//! 5. on [`SaveOutcome::Saved`]: send the plan's `delete` requests and give each answer to
//!    [`SessionKeyStore::apply_delete_response`].

use std::fmt;

use serde::Deserialize;
use serde_json::json;

use super::bundle::{SessionKeyEntry, SessionKeysBundle, Timestamp};
use crate::pgp::UnlockedKey;
use crate::protocol::http::{Method, Request, Response};
use crate::protocol::metadata::{success_body, typed_body, MetadataError};

/// A bundle as the server lists it. `Debug` shows the size of `data` only.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct EncryptedBundle {
    /// The bundle's id.
    pub id: String,
    /// Its owner (always the caller).
    #[serde(default)]
    pub user_id: Option<String>,
    /// The armored bundle, encrypted for the caller.
    pub data: String,
    /// Creation date.
    #[serde(default)]
    pub created: String,
    /// Modification date: sent back on update for optimistic concurrency.
    pub modified: String,
}

impl fmt::Debug for EncryptedBundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptedBundle")
            .field("id", &self.id)
            .field("modified", &self.modified)
            .field("data_len", &self.data.len())
            .finish_non_exhaustive()
    }
}

/// `GET /metadata/session-keys.json`.
pub fn bundles_request() -> Request {
    Request::new(Method::Get, "/metadata/session-keys.json")
}

/// Reads the answer to [`bundles_request`].
///
/// Errors: [`MetadataError::Envelope`], [`MetadataError::Server`],
/// [`MetadataError::UnexpectedBody`].
pub fn parse_bundles(response: &Response) -> Result<Vec<EncryptedBundle>, MetadataError> {
    typed_body(response, "session keys bundles list")
}

/// The requests that store the merged keys: `save` first, then, once it succeeded, every
/// `delete` (the other bundles, whose keys were merged in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavePlan {
    /// `PUT /metadata/session-keys/{id}.json {data, modified}` on the newest bundle, or
    /// `POST /metadata/session-keys.json {data}` when there is none; `None` when the newest
    /// bundle already holds every key.
    pub save: Option<Request>,
    /// `DELETE /metadata/session-keys/{id}.json` for every other bundle.
    pub delete: Vec<Request>,
}

/// What became of a save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// The bundle is stored; the plan's deletes may be sent.
    Saved,
    /// HTTP 409: another client changed the bundle first. Re-read the bundles, call
    /// [`SessionKeyStore::reload`] and plan again; no key is lost.
    Conflict,
}

/// The bundle that is written to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    id: String,
    modified: String,
    /// What it holds on the server (`None` when it could not be read).
    keys: Option<SessionKeysBundle>,
}

/// Every session key known to the client, and where it is stored on the server.
/// `Debug` shows counts and ids, never a key.
#[derive(Clone, Default)]
pub struct SessionKeyStore {
    keys: SessionKeysBundle,
    target: Option<Target>,
    obsolete: Vec<String>,
    unreadable: Vec<(String, MetadataError)>,
    pending: Option<SessionKeysBundle>,
}

impl fmt::Debug for SessionKeyStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionKeyStore")
            .field("keys", &self.keys.len())
            .field("target", &self.target.as_ref().map(|t| &t.id))
            .field("obsolete", &self.obsolete)
            .field("unreadable", &self.unreadable)
            .finish()
    }
}

impl SessionKeyStore {
    /// A store with no key and no bundle on the server.
    pub fn new() -> Self {
        Self::default()
    }

    /// Decrypts every bundle with the user's key and merges them (per item the newest
    /// `modified` wins). The most recently modified bundle becomes the one saved to; the
    /// others are to be deleted. A bundle that cannot be decrypted or read is listed in
    /// [`Self::unreadable`] and never stops the others.
    pub fn load(bundles: &[EncryptedBundle], user_key: &UnlockedKey) -> Self {
        let mut store = SessionKeyStore::new();
        store.reload(bundles, user_key);
        store
    }

    /// Takes the server's bundles again (after a 409), keeping every key this store holds:
    /// the server's entries are merged in, the newer per item winning.
    pub fn reload(&mut self, bundles: &[EncryptedBundle], user_key: &UnlockedKey) {
        let mut ordered: Vec<&EncryptedBundle> = bundles.iter().collect();
        // Newest first; a date that cannot be read sorts last.
        ordered.sort_by(|a, b| {
            Timestamp::parse(&b.modified)
                .ok()
                .cmp(&Timestamp::parse(&a.modified).ok())
        });
        self.target = None;
        self.obsolete.clear();
        self.unreadable.clear();
        self.pending = None;
        for (index, bundle) in ordered.into_iter().enumerate() {
            let read = SessionKeysBundle::decrypt(&bundle.data, user_key);
            match &read {
                Ok(keys) => {
                    self.keys.merge(keys);
                }
                Err(e) => self.unreadable.push((bundle.id.clone(), e.clone())),
            }
            if index == 0 {
                self.target = Some(Target {
                    id: bundle.id.clone(),
                    modified: bundle.modified.clone(),
                    keys: read.ok(),
                });
            } else {
                self.obsolete.push(bundle.id.clone());
            }
        }
    }

    /// Every known key.
    pub fn keys(&self) -> &SessionKeysBundle {
        &self.keys
    }

    /// Records keys that just decrypted their items (see [`SessionKeysBundle::record`]);
    /// returns how many entries changed.
    pub fn record(&mut self, entries: impl IntoIterator<Item = SessionKeyEntry>) -> usize {
        entries
            .into_iter()
            .filter(|entry| self.keys.record(entry.clone()))
            .count()
    }

    /// Bundles that could not be decrypted or read, with why.
    pub fn unreadable(&self) -> &[(String, MetadataError)] {
        &self.unreadable
    }

    /// True when the server is not up to date: the newest bundle lacks keys, or other
    /// bundles remain.
    pub fn needs_save(&self) -> bool {
        self.target_is_stale() || !self.obsolete.is_empty()
    }

    fn target_is_stale(&self) -> bool {
        match &self.target {
            None => !self.keys.is_empty(),
            Some(target) => target.keys.as_ref() != Some(&self.keys),
        }
    }

    /// The requests that bring the server up to date, or `None` when it is.
    ///
    /// Errors: [`MetadataError::Pgp`] and [`MetadataError::TooLarge`] from encrypting the
    /// bundle.
    pub fn save_plan(&mut self, user_key: &UnlockedKey) -> Result<Option<SavePlan>, MetadataError> {
        if !self.needs_save() {
            return Ok(None);
        }
        let save = if self.target_is_stale() {
            let data = self.keys.encrypt(user_key)?;
            self.pending = Some(self.keys.clone());
            Some(match &self.target {
                Some(target) => Request::new(
                    Method::Put,
                    format!("/metadata/session-keys/{}.json", target.id),
                )
                .body(json!({"data": data, "modified": target.modified}).to_string()),
                None => Request::new(Method::Post, "/metadata/session-keys.json")
                    .body(json!({ "data": data }).to_string()),
            })
        } else {
            None
        };
        let delete = self
            .obsolete
            .iter()
            .map(|id| Request::new(Method::Delete, format!("/metadata/session-keys/{id}.json")))
            .collect();
        Ok(Some(SavePlan { save, delete }))
    }

    /// Reads the answer to a plan's `save` request.
    ///
    /// Errors: [`MetadataError::Envelope`], [`MetadataError::Server`] (400 when the data is
    /// identical, 404 when the bundle is not the caller's), [`MetadataError::UnexpectedBody`].
    pub fn apply_save_response(
        &mut self,
        response: &Response,
    ) -> Result<SaveOutcome, MetadataError> {
        if response.status == 409 {
            self.pending = None;
            return Ok(SaveOutcome::Conflict);
        }
        let saved: EncryptedBundle = typed_body(response, "saved session keys bundle")?;
        self.obsolete.retain(|id| *id != saved.id);
        if let Some(old) = self.target.take() {
            if old.id != saved.id {
                self.obsolete.push(old.id);
            }
        }
        self.target = Some(Target {
            id: saved.id,
            modified: saved.modified,
            keys: self.pending.take(),
        });
        Ok(SaveOutcome::Saved)
    }

    /// Reads the answer to one of a plan's `delete` requests for bundle `id`. A 404 counts
    /// as deleted (it is gone either way).
    ///
    /// Errors: [`MetadataError::Envelope`], [`MetadataError::Server`].
    pub fn apply_delete_response(
        &mut self,
        id: &str,
        response: &Response,
    ) -> Result<(), MetadataError> {
        match success_body(response) {
            Ok(_) => {}
            Err(MetadataError::Server {
                http_status: 404, ..
            }) => {}
            Err(e) => return Err(e),
        }
        self.obsolete.retain(|other| other != id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(status: u16, body: &str) -> Response {
        let header = if status < 300 { "success" } else { "error" };
        Response {
            status,
            headers: Vec::new(),
            body: format!(
                r#"{{"header":{{"status":"{header}","servertime":1,"message":"m","code":{status}}},"body":{body}}}"#
            ),
        }
    }

    #[test]
    fn an_empty_store_has_nothing_to_save() {
        let store = SessionKeyStore::new();
        assert!(!store.needs_save());
        assert!(store.keys().is_empty());
    }

    #[test]
    fn a_conflict_is_reported_not_raised() {
        let mut store = SessionKeyStore::new();
        assert_eq!(
            store.apply_save_response(&envelope(409, "null")),
            Ok(SaveOutcome::Conflict)
        );
    }

    #[test]
    fn a_saved_body_that_is_not_a_bundle_is_unexpected() {
        let mut store = SessionKeyStore::new();
        assert_eq!(
            store.apply_save_response(&envelope(200, r#"{"id":"x"}"#)),
            Err(MetadataError::UnexpectedBody {
                what: "saved session keys bundle"
            })
        );
    }

    #[test]
    fn debug_shows_counts_and_ids() {
        let shown = format!("{:?}", SessionKeyStore::new());
        assert_eq!(
            shown,
            "SessionKeyStore { keys: 0, target: None, obsolete: [], unreadable: [] }"
        );
    }
}
