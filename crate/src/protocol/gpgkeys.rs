//! Users' public keys (`../shared/protocol.md` §6.1): `GET /gpgkeys.json` with
//! `filter[modified-after]` and `filter[is-deleted]`, and a [`KeyringSync`] kept in sync with the
//! envelope's `servertime` as cursor, as the extension's keyring does (`EXT model/keyring.js`).

use std::collections::BTreeMap;

use super::api_error::{success_body, ApiError};
use super::http::{Method, Request, Response};
use super::json_read::{items, Obj};
use super::query::{path_id, QueryOptions};
use super::secrets::expect_id;
use crate::pgp::PublicKey;

/// A user's public key, as the server describes it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Gpgkey {
    /// The key row's id.
    pub id: String,
    /// Its user.
    pub user_id: String,
    /// The armored public key.
    pub armored_key: String,
    /// Key size in bits.
    pub bits: Option<u64>,
    /// The first user id.
    pub uid: Option<String>,
    /// The short key id (8 hex).
    pub key_id: Option<String>,
    /// The fingerprint (40 hex).
    pub fingerprint: String,
    /// `RSA`, `EdDSA`, `ECDSA`, `ECC`, `DH`, `DSA`, `ELGAMAL`.
    #[serde(rename = "type")]
    pub key_type: Option<String>,
    /// Expiry date, if any.
    pub expires: Option<String>,
    /// Key creation date.
    pub key_created: Option<String>,
    /// True for a deleted key.
    pub deleted: bool,
    /// Row creation date.
    pub created: Option<String>,
    /// Row modification date.
    pub modified: Option<String>,
}

impl Gpgkey {
    /// Reads the armored key and checks that its fingerprint is the one the server states.
    ///
    /// Errors: [`ApiError::Crypto`] for an unreadable key; [`ApiError::UnexpectedId`] when
    /// the fingerprints differ (a server passing one user's key for another's).
    pub fn public_key(&self) -> Result<PublicKey, ApiError> {
        let key = PublicKey::read(&self.armored_key)?;
        expect_id("armored_key", &self.fingerprint, &key.fingerprint())?;
        Ok(key)
    }
}

/// Reads one key object.
pub(crate) fn parse_gpgkey(obj: &Obj<'_>) -> Result<Gpgkey, ApiError> {
    let armored_key = obj.string("armored_key")?;
    if !armored_key
        .trim_start()
        .starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----")
    {
        return Err(ApiError::malformed(
            obj.field_path("armored_key"),
            "an armored OpenPGP public key",
        ));
    }
    let fingerprint = obj.string("fingerprint")?;
    if fingerprint.len() != 40 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::malformed(
            obj.field_path("fingerprint"),
            "40 hexadecimal digits",
        ));
    }
    Ok(Gpgkey {
        id: obj.uuid("id")?,
        user_id: obj.uuid("user_id")?,
        armored_key,
        bits: match obj.get("bits") {
            None => None,
            Some(_) => Some(obj.u64("bits")?),
        },
        uid: obj.opt_string("uid")?,
        key_id: obj.opt_string("key_id")?,
        fingerprint,
        key_type: obj.opt_string("type")?,
        expires: obj.opt_string("expires")?,
        key_created: obj.opt_string("key_created")?,
        deleted: obj.opt_bool("deleted")?.unwrap_or(false),
        created: obj.opt_string("created")?,
        modified: obj.opt_string("modified")?,
    })
}

/// Options of `GET /gpgkeys.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListGpgkeys {
    /// `filter[modified-after]=<unix time>`: keys changed since.
    pub modified_after: Option<i64>,
    /// `filter[is-deleted]`: `Some(true)` for deleted keys only; the server's default is
    /// non-deleted keys only.
    pub is_deleted: Option<bool>,
    /// `filter[has-users][]`: keys of these users.
    pub has_users: Vec<String>,
}

impl ListGpgkeys {
    /// The request.
    pub fn request(&self) -> Request {
        let mut q = QueryOptions::new();
        if let Some(after) = self.modified_after {
            q = q.filter("modified-after", after.to_string());
        }
        if let Some(deleted) = self.is_deleted {
            q = q.filter_bool("is-deleted", deleted);
        }
        q.filter_list("has-users", &self.has_users)
            .apply(Request::new(Method::Get, "/gpgkeys.json"))
    }
}

/// A list of keys and the server time of the answer (the next sync cursor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GpgkeyList {
    /// The keys.
    pub keys: Vec<Gpgkey>,
    /// `header.servertime`.
    pub servertime: i64,
}

/// Parses `/gpgkeys.json`.
///
/// Errors: the envelope errors; [`ApiError::Malformed`].
pub fn parse_list(response: &Response) -> Result<GpgkeyList, ApiError> {
    let (header, body) = success_body(response)?;
    let keys = items(&body, "body")?
        .iter()
        .map(|item| parse_gpgkey(&item.obj()?))
        .collect::<Result<_, _>>()?;
    Ok(GpgkeyList {
        keys,
        servertime: header.servertime,
    })
}

/// `GET /gpgkeys/{id}.json`.
pub fn view_request(id: &str) -> Request {
    Request::new(Method::Get, format!("/gpgkeys/{}.json", path_id(id)))
}

/// Parses the key `id`.
///
/// Errors: the envelope errors; [`ApiError::Malformed`]; [`ApiError::UnexpectedId`].
pub fn parse_view(response: &Response, id: &str) -> Result<Gpgkey, ApiError> {
    let (_, body) = success_body(response)?;
    let key = parse_gpgkey(&Obj::of(&body, "body")?)?;
    expect_id("body.id", id, &key.id)?;
    Ok(key)
}

/// What a sync changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncChanges {
    /// Users whose key was added or replaced.
    pub updated: Vec<String>,
    /// Users whose key was deleted.
    pub removed: Vec<String>,
}

/// The sync state of the organisation's public keys: the users' `/gpgkeys.json` entries, by
/// user id, and the `servertime` cursor of the last sync. Not an encryption keyring: see
/// [`crate::pgp::Keyring`] for that.
#[derive(Debug, Clone, Default)]
pub struct KeyringSync {
    keys: BTreeMap<String, Gpgkey>,
    cursor: Option<i64>,
}

impl KeyringSync {
    /// An empty keyring, never synced.
    pub fn new() -> Self {
        KeyringSync::default()
    }

    /// The `servertime` of the last successful sync.
    pub fn cursor(&self) -> Option<i64> {
        self.cursor
    }

    /// The requests of the next sync: the keys changed since the cursor (all non-deleted keys
    /// on the first sync), and, once a cursor exists, the keys deleted since it (the server
    /// lists deleted keys only under `filter[is-deleted]=1`).
    pub fn sync_requests(&self) -> Vec<Request> {
        let changed = ListGpgkeys {
            modified_after: self.cursor,
            ..ListGpgkeys::default()
        };
        let mut requests = vec![changed.request()];
        if self.cursor.is_some() {
            let deleted = ListGpgkeys {
                modified_after: self.cursor,
                is_deleted: Some(true),
                has_users: Vec::new(),
            };
            requests.push(deleted.request());
        }
        requests
    }

    /// Applies the answers to [`KeyringSync::sync_requests`], all or nothing: a key replaces the
    /// user's previous one, a deleted key removes it, and the cursor becomes the smallest
    /// `servertime` of the answers (so no change between two answers is skipped).
    ///
    /// Errors: the errors of [`parse_list`]; on error the keyring and its cursor are unchanged.
    pub fn apply(&mut self, responses: &[Response]) -> Result<SyncChanges, ApiError> {
        let lists = responses
            .iter()
            .map(parse_list)
            .collect::<Result<Vec<_>, _>>()?;
        let mut changes = SyncChanges::default();
        let mut cursor: Option<i64> = None;
        for list in lists {
            cursor = Some(cursor.map_or(list.servertime, |c| c.min(list.servertime)));
            for key in list.keys {
                let user = key.user_id.to_lowercase();
                if key.deleted {
                    // Only the user's current key is removed, not a newer replacement.
                    if self.keys.get(&user).is_some_and(|k| k.id == key.id) {
                        self.keys.remove(&user);
                        changes.removed.push(user);
                    }
                } else {
                    self.keys.insert(user.clone(), key);
                    changes.updated.push(user);
                }
            }
        }
        if cursor.is_some() {
            self.cursor = cursor;
        }
        Ok(changes)
    }

    /// The key of a user.
    pub fn get(&self, user_id: &str) -> Option<&Gpgkey> {
        self.keys.get(&user_id.to_lowercase())
    }

    /// The parsed, fingerprint-checked public key of a user (see [`Gpgkey::public_key`]).
    pub fn public_key(&self, user_id: &str) -> Option<Result<PublicKey, ApiError>> {
        self.get(user_id).map(Gpgkey::public_key)
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when there is no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Every key, by user id.
    pub fn keys(&self) -> impl Iterator<Item = &Gpgkey> {
        self.keys.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sync_asks_for_every_key_then_for_changes_and_deletions() {
        let mut keyring = KeyringSync::new();
        let first = keyring.sync_requests();
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].path_and_query(), "/gpgkeys.json?api-version=v2");
        keyring.cursor = Some(1794737786);
        let next: Vec<String> = keyring
            .sync_requests()
            .iter()
            .map(Request::path_and_query)
            .collect();
        assert_eq!(
            next,
            vec![
                "/gpgkeys.json?filter%5Bmodified-after%5D=1794737786&api-version=v2",
                "/gpgkeys.json?filter%5Bmodified-after%5D=1794737786&filter%5Bis-deleted%5D=1&api-version=v2"
            ]
        );
    }
}
