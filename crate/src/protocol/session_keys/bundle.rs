//! The cleartext of a `PASSBOLT_SESSION_KEYS` bundle: reading it (with the mobile apps'
//! variants), merging bundles and writing one back.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::pgp::{decrypt, encrypt, DecryptOptions, DecryptWith, SessionKey, UnlockedKey};
use crate::protocol::metadata::{expect_object_type, is_uuid, MetadataError, SESSION_KEYS};

/// The largest armored bundle the extension accepts (`sessionKeysBundleEntity.js`).
pub const MAX_BUNDLE_ARMOR_BYTES: usize = 10_000_000;

const WHAT: &str = "session keys bundle";

/// What a session key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ForeignModel {
    /// `"Resource"`
    Resource,
    /// `"Folder"`
    Folder,
    /// `"Tag"`
    Tag,
}

impl ForeignModel {
    /// The value on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ForeignModel::Resource => "Resource",
            ForeignModel::Folder => "Folder",
            ForeignModel::Tag => "Tag",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "Resource" => Some(ForeignModel::Resource),
            "Folder" => Some(ForeignModel::Folder),
            "Tag" => Some(ForeignModel::Tag),
            _ => None,
        }
    }
}

/// A date of the server or of a bundle, compared as an instant and written back as read.
/// Android's `ZonedDateTime` form (`2026-11-21T11:16:26+01:00[Europe/Paris]`, seconds
/// optional) is accepted and written without the zone id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    text: String,
    at: DateTime<FixedOffset>,
}

impl Timestamp {
    /// Reads an ISO 8601 date with an offset, optionally followed by `[Zone/Id]`.
    ///
    /// Errors: [`MetadataError::InvalidField`] (`modified`).
    pub fn parse(text: &str) -> Result<Self, MetadataError> {
        let invalid = MetadataError::InvalidField {
            field: "modified",
            reason: "it is not an ISO 8601 date with an offset",
        };
        let bare = match text.split_once('[') {
            Some((bare, zone)) if zone.ends_with(']') => bare,
            Some(_) => return Err(invalid),
            None => text,
        };
        if let Ok(at) = DateTime::parse_from_rfc3339(bare) {
            return Ok(Timestamp {
                text: bare.to_string(),
                at,
            });
        }
        // Java prints no seconds when they are zero: 2026-11-21T11:16+01:00 or ...T11:16Z.
        let with_offset = match bare.strip_suffix('Z') {
            Some(rest) => format!("{rest}+00:00"),
            None => bare.to_string(),
        };
        let at =
            DateTime::parse_from_str(&with_offset, "%Y-%m-%dT%H:%M%:z").map_err(|_| invalid)?;
        Ok(Timestamp {
            text: at.to_rfc3339_opts(SecondsFormat::Secs, false),
            at,
        })
    }

    /// The date as it is written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// By instant; the same instant in two notations is ordered by text to stay total.
impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        self.at
            .cmp(&other.at)
            .then_with(|| self.text.cmp(&other.text))
    }
}

/// One cached session key. `Debug` never shows the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionKeyEntry {
    /// What the key decrypts the metadata of.
    pub foreign_model: ForeignModel,
    /// The resource's (folder's, tag's) id, lower case.
    pub foreign_id: String,
    /// The session key.
    pub session_key: SessionKey,
    /// The item's `modified` when the key was recorded.
    pub modified: Timestamp,
}

impl SessionKeyEntry {
    /// Reads one entry of a bundle, normalising the mobile variants: a session key of 64
    /// hex digits without the `9:` prefix, a date with a `[Zone/Id]` suffix.
    ///
    /// Errors: [`MetadataError::InvalidField`] naming the field; never quotes the key.
    pub fn from_json(value: &Value) -> Result<Self, MetadataError> {
        let field = |name: &'static str| {
            value
                .get(name)
                .and_then(Value::as_str)
                .ok_or(MetadataError::InvalidField {
                    field: name,
                    reason: "it is missing or not a string",
                })
        };
        let foreign_model =
            ForeignModel::parse(field("foreign_model")?).ok_or(MetadataError::InvalidField {
                field: "foreign_model",
                reason: "it is not Resource, Folder or Tag",
            })?;
        let foreign_id = field("foreign_id")?;
        if !is_uuid(foreign_id) {
            return Err(MetadataError::InvalidField {
                field: "foreign_id",
                reason: "it is not a UUID",
            });
        }
        let session_key = parse_session_key(field("session_key")?)?;
        let modified = Timestamp::parse(field("modified")?)?;
        Ok(SessionKeyEntry {
            foreign_model,
            foreign_id: foreign_id.to_ascii_lowercase(),
            session_key,
            modified,
        })
    }
}

/// `^\d{1,2}:[0-9A-F]{64}$` (any case), or the mobile apps' bare 64 hex digits (AES-256).
fn parse_session_key(text: &str) -> Result<SessionKey, MetadataError> {
    let invalid = MetadataError::InvalidField {
        field: "session_key",
        reason: "it is not of the form 9: and 64 hex digits",
    };
    let hex_ok = |hex: &str| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit());
    let normalised = match text.split_once(':') {
        Some((algo, hex))
            if (1..=2).contains(&algo.len())
                && algo.bytes().all(|b| b.is_ascii_digit())
                && hex_ok(hex) =>
        {
            SessionKey::parse(text)
        }
        None if hex_ok(text) => SessionKey::parse(&Zeroizing::new(format!("9:{text}"))),
        _ => return Err(invalid),
    };
    normalised.map_err(|_| invalid)
}

/// The session keys of one or more bundles, one per item (the newest wins).
#[derive(Clone, Default)]
pub struct SessionKeysBundle {
    entries: BTreeMap<(ForeignModel, String), SessionKeyEntry>,
    dropped: usize,
}

/// Equal when they hold the same entries (the count of dropped entries is ignored).
impl PartialEq for SessionKeysBundle {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl Eq for SessionKeysBundle {}

impl fmt::Debug for SessionKeysBundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionKeysBundle")
            .field("entries", &self.entries.len())
            .field("dropped", &self.dropped)
            .finish()
    }
}

impl SessionKeysBundle {
    /// An empty bundle.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a decrypted bundle. Entries that are not valid (see
    /// [`SessionKeyEntry::from_json`]) are dropped and counted in [`Self::dropped`]: one
    /// client's bad entry must not cost every other key.
    ///
    /// Errors: [`MetadataError::InvalidPayload`] (not a JSON object, no `session_keys`
    /// list), [`MetadataError::WrongObjectType`].
    pub fn from_json(data: &[u8]) -> Result<Self, MetadataError> {
        let value: Value = serde_json::from_slice(data).map_err(|_| invalid("it is not JSON"))?;
        if !value.is_object() {
            return Err(invalid("it is not a JSON object"));
        }
        expect_object_type(&value, SESSION_KEYS)?;
        let list = value
            .get("session_keys")
            .and_then(Value::as_array)
            .ok_or(invalid("it has no session_keys list"))?;
        let mut bundle = SessionKeysBundle::new();
        for item in list {
            match SessionKeyEntry::from_json(item) {
                Ok(entry) => {
                    bundle.insert_if_newer(entry);
                }
                Err(_) => bundle.dropped += 1,
            }
        }
        Ok(bundle)
    }

    /// The bundle's cleartext, as the extension writes it.
    pub fn to_json(&self) -> Zeroizing<Vec<u8>> {
        let mut items = Vec::with_capacity(self.entries.len());
        for entry in self.entries.values() {
            let key = entry.session_key.to_passbolt_string();
            let mut item = Zeroizing::new(String::with_capacity(200));
            item.push_str("{\"foreign_model\":\"");
            item.push_str(entry.foreign_model.as_str());
            item.push_str("\",\"foreign_id\":");
            item.push_str(&Value::from(entry.foreign_id.as_str()).to_string());
            item.push_str(",\"session_key\":\"");
            item.push_str(&key);
            item.push_str("\",\"modified\":");
            item.push_str(&Value::from(entry.modified.as_str()).to_string());
            item.push('}');
            items.push(item);
        }
        let size = items.iter().map(|i| i.len() + 1).sum::<usize>() + 64;
        let mut out = Zeroizing::new(Vec::with_capacity(size));
        out.extend_from_slice(b"{\"object_type\":\"PASSBOLT_SESSION_KEYS\",\"session_keys\":[");
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(item.as_bytes());
        }
        out.extend_from_slice(b"]}");
        out
    }

    /// Decrypts an armored bundle with the user's key and reads it ([`Self::from_json`]).
    ///
    /// Errors: [`MetadataError::TooLarge`], [`MetadataError::Pgp`] and those of
    /// [`Self::from_json`].
    pub fn decrypt(armored: &str, user_key: &UnlockedKey) -> Result<Self, MetadataError> {
        check_size(armored.len())?;
        let decrypted = decrypt(
            armored,
            DecryptWith::Key(user_key),
            &DecryptOptions::default(),
        )
        .map_err(MetadataError::pgp("decrypt the session keys bundle"))?;
        Self::from_json(&decrypted.data)
    }

    /// Encrypts the bundle for the user's key, signed by it (the only form the server takes).
    ///
    /// Errors: [`MetadataError::Pgp`], [`MetadataError::TooLarge`].
    pub fn encrypt(&self, user_key: &UnlockedKey) -> Result<String, MetadataError> {
        let armored = encrypt(&self.to_json(), &[user_key.public_key()], Some(user_key))
            .map_err(MetadataError::pgp("encrypt the session keys bundle"))?;
        check_size(armored.len())?;
        Ok(armored)
    }

    /// The entry of an item.
    pub fn get(&self, model: ForeignModel, foreign_id: &str) -> Option<&SessionKeyEntry> {
        self.entries.get(&(model, foreign_id.to_ascii_lowercase()))
    }

    /// Adds an entry read from a bundle unless one at least as new is there. Returns true
    /// when the bundle changed.
    pub fn insert_if_newer(&mut self, entry: SessionKeyEntry) -> bool {
        self.insert_when(entry, |new, old| new > old)
    }

    /// Records a key that just decrypted its item: it replaces an entry of the same or an
    /// older date (an equal date with another key means the cached key went stale). Returns
    /// true when the bundle changed.
    pub fn record(&mut self, entry: SessionKeyEntry) -> bool {
        self.insert_when(entry, |new, old| new >= old)
    }

    fn insert_when(
        &mut self,
        entry: SessionKeyEntry,
        wins: impl Fn(&Timestamp, &Timestamp) -> bool,
    ) -> bool {
        let slot = (entry.foreign_model, entry.foreign_id.clone());
        match self.entries.get(&slot) {
            Some(old) if *old == entry || !wins(&entry.modified, &old.modified) => false,
            _ => {
                self.entries.insert(slot, entry);
                true
            }
        }
    }

    /// Merges another bundle in: per item, the newer `modified` wins (ours on a tie).
    /// Returns true when this bundle changed.
    pub fn merge(&mut self, other: &SessionKeysBundle) -> bool {
        let mut changed = false;
        for entry in other.entries.values() {
            changed |= self.insert_if_newer(entry.clone());
        }
        changed
    }

    /// The entries, ordered by model and id.
    pub fn entries(&self) -> impl Iterator<Item = &SessionKeyEntry> {
        self.entries.values()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many invalid entries were dropped when the bundle was read.
    pub fn dropped(&self) -> usize {
        self.dropped
    }
}

fn invalid(reason: &'static str) -> MetadataError {
    MetadataError::InvalidPayload { what: WHAT, reason }
}

fn check_size(size: usize) -> Result<(), MetadataError> {
    if size > MAX_BUNDLE_ARMOR_BYTES {
        return Err(MetadataError::TooLarge {
            size,
            limit: MAX_BUNDLE_ARMOR_BYTES,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ID: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a31";
    const HEX: &str = "8C9FCC0359D11EE996CEBC1E98E9801FF5200CE82700E9865EF38DEB27C98FE3";

    fn entry(key: &str, modified: &str) -> Value {
        json!({"foreign_model": "Resource", "foreign_id": ID, "session_key": key, "modified": modified})
    }

    #[test]
    fn mobile_entries_are_normalised() {
        let e = SessionKeyEntry::from_json(&entry(
            &HEX.to_lowercase(),
            "2026-11-21T11:16:26+01:00[Europe/Paris]",
        ))
        .unwrap();
        assert_eq!(
            e.session_key.to_passbolt_string().as_str(),
            format!("9:{HEX}")
        );
        assert_eq!(e.modified.as_str(), "2026-11-21T11:16:26+01:00");
        let no_seconds = Timestamp::parse("2026-11-21T10:16Z[UTC]").unwrap();
        assert_eq!(no_seconds.as_str(), "2026-11-21T10:16:00+00:00");
    }

    #[test]
    fn the_same_instant_in_two_zones_is_not_newer() {
        let utc = Timestamp::parse("2026-11-21T10:16:26+00:00").unwrap();
        let paris = Timestamp::parse("2026-11-21T11:16:26+01:00[Europe/Paris]").unwrap();
        assert_eq!(utc.at, paris.at);
        assert!(Timestamp::parse("2026-11-21T10:16:27+00:00").unwrap() > paris);
    }

    #[test]
    fn invalid_entries_name_the_field_and_never_the_key() {
        let cases = [
            (
                json!({"foreign_model": "User", "foreign_id": ID, "session_key": format!("9:{HEX}"), "modified": "2026-11-21T10:16:26+00:00"}),
                "foreign_model",
            ),
            (
                json!({"foreign_model": "Resource", "foreign_id": "x", "session_key": format!("9:{HEX}"), "modified": "2026-11-21T10:16:26+00:00"}),
                "foreign_id",
            ),
            (
                entry(&format!("9:{}", &HEX[..60]), "2026-11-21T10:16:26+00:00"),
                "session_key",
            ),
            (
                entry(&format!("123:{HEX}"), "2026-11-21T10:16:26+00:00"),
                "session_key",
            ),
            (
                entry(&format!("7:{HEX}"), "2026-11-21T10:16:26+00:00"),
                "session_key",
            ),
            (entry(&format!("9:{HEX}"), "yesterday"), "modified"),
            (
                entry(
                    &format!("9:{HEX}"),
                    "2026-11-21T10:16:26+00:00[Europe/Paris",
                ),
                "modified",
            ),
            (
                json!({"foreign_model": "Resource", "foreign_id": ID, "modified": "2026-11-21T10:16:26+00:00"}),
                "session_key",
            ),
        ];
        for (value, field) in cases {
            let err = SessionKeyEntry::from_json(&value).unwrap_err();
            assert!(
                matches!(err, MetadataError::InvalidField { field: f, .. } if f == field),
                "{value}: {err:?}"
            );
            assert!(!format!("{err} {err:?}").contains(&HEX[..16]));
        }
    }

    #[test]
    fn a_bundle_round_trips_and_keeps_the_newest_duplicate() {
        let data = json!({"object_type": "PASSBOLT_SESSION_KEYS", "session_keys": [
            entry(&format!("9:{}", "00".repeat(32)), "2026-11-20T10:16:26+00:00"),
            entry(&format!("9:{HEX}"), "2026-11-21T10:16:26+00:00"),
            entry("broken", "2026-11-22T10:16:26+00:00"),
        ]});
        let bundle = SessionKeysBundle::from_json(data.to_string().as_bytes()).unwrap();
        assert_eq!((bundle.len(), bundle.dropped()), (1, 1));
        let kept = bundle
            .get(ForeignModel::Resource, &ID.to_uppercase())
            .unwrap();
        assert_eq!(
            kept.session_key.to_passbolt_string().as_str(),
            format!("9:{HEX}")
        );
        let again = SessionKeysBundle::from_json(&bundle.to_json()).unwrap();
        assert_eq!(again, bundle);
        assert_eq!(again.dropped(), 0);
        assert!(!format!("{bundle:?}").contains(&HEX[..16]));
    }

    #[test]
    fn malformed_bundles_are_typed() {
        let cases: [(&[u8], MetadataError); 4] = [
            (b"nope", invalid("it is not JSON")),
            (b"[]", invalid("it is not a JSON object")),
            (
                br#"{"object_type":"PASSBOLT_RESOURCE_METADATA","session_keys":[]}"#,
                MetadataError::WrongObjectType {
                    expected: SESSION_KEYS,
                    found: Some("PASSBOLT_RESOURCE_METADATA"),
                },
            ),
            (
                br#"{"object_type":"PASSBOLT_SESSION_KEYS","session_keys":{}}"#,
                invalid("it has no session_keys list"),
            ),
        ];
        for (data, expected) in cases {
            assert_eq!(SessionKeysBundle::from_json(data).unwrap_err(), expected);
        }
    }

    #[test]
    fn record_replaces_an_equal_date_but_merge_does_not() {
        let old =
            SessionKeyEntry::from_json(&entry(&format!("9:{HEX}"), "2026-11-21T10:16:26+00:00"))
                .unwrap();
        let fresh = SessionKeyEntry {
            session_key: SessionKey::parse(&format!("9:{}", "11".repeat(32))).unwrap(),
            ..old.clone()
        };
        let mut a = SessionKeysBundle::new();
        assert!(a.record(old.clone()));
        let mut b = SessionKeysBundle::new();
        b.record(fresh.clone());
        assert!(!a.merge(&b), "a tie keeps ours");
        assert!(
            a.record(fresh.clone()),
            "a fresh key replaces a stale one of the same date"
        );
        assert_eq!(a.get(ForeignModel::Resource, ID), Some(&fresh));
        assert!(!a.record(fresh));
    }
}
