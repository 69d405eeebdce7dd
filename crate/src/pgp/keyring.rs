//! Public keys read once and kept by fingerprint: the recipients and verification keys of
//! many operations (the extension's keyring of its users' keys).

use super::error::PgpError;
use super::public_key::PublicKey;

/// A set of public keys, one per primary fingerprint.
#[derive(Debug, Clone, Default)]
pub struct Keyring {
    /// Each key with its fingerprint, computed once when it is kept (lookups compare it).
    keys: Vec<(String, PublicKey)>,
}

/// Upper-case hex without spaces, the form fingerprints are kept in.
fn normalize(fingerprint: &str) -> String {
    fingerprint
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

impl Keyring {
    /// An empty keyring.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads an armored public (or private: its public part) key and keeps it, replacing a
    /// key with the same fingerprint. Returns the fingerprint.
    ///
    /// Errors: the key-reading errors of [`PublicKey::read`].
    pub fn add(&mut self, armored: &str) -> Result<String, PgpError> {
        Ok(self.insert(PublicKey::read(armored)?))
    }

    /// Keeps a key already read, replacing one with the same fingerprint; returns the
    /// fingerprint.
    pub fn insert(&mut self, key: PublicKey) -> String {
        let fingerprint = key.fingerprint();
        match self.keys.iter().position(|(fp, _)| *fp == fingerprint) {
            Some(index) => self.keys[index].1 = key,
            None => self.keys.push((fingerprint.clone(), key)),
        }
        fingerprint
    }

    /// The key with this fingerprint (any case, spaces ignored).
    pub fn get(&self, fingerprint: &str) -> Option<&PublicKey> {
        let wanted = normalize(fingerprint);
        self.keys
            .iter()
            .find(|(fp, _)| *fp == wanted)
            .map(|(_, key)| key)
    }

    /// Removes the key with this fingerprint; true when there was one.
    pub fn remove(&mut self, fingerprint: &str) -> bool {
        let wanted = normalize(fingerprint);
        let before = self.keys.len();
        self.keys.retain(|(fp, _)| *fp != wanted);
        self.keys.len() != before
    }

    /// The fingerprints of the keys, in the order they were added.
    pub fn fingerprints(&self) -> Vec<String> {
        self.keys.iter().map(|(fp, _)| fp.clone()).collect()
    }

    /// Every key, in the order they were added.
    pub fn keys(&self) -> Vec<&PublicKey> {
        self.keys.iter().map(|(_, key)| key).collect()
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when the keyring holds no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The keys with these fingerprints, in that order.
    ///
    /// Errors: [`PgpError::UnknownKey`] naming the first fingerprint the keyring lacks.
    pub fn select(&self, fingerprints: &[&str]) -> Result<Vec<&PublicKey>, PgpError> {
        fingerprints
            .iter()
            .map(|fp| {
                self.get(fp).ok_or_else(|| PgpError::UnknownKey {
                    fingerprint: (*fp).to_string(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADA: &str = include_str!("../../../tests/vectors/fixtures/keys/ada_public.asc");
    const BETTY: &str = include_str!("../../../tests/vectors/fixtures/keys/betty_public.asc");
    const ADA_FPR: &str = "A666D519FB17EDA844AF7F1B09D7E972478529D7";

    #[test]
    fn keys_are_kept_once_by_fingerprint_and_selected_in_order() {
        let mut ring = Keyring::new();
        assert_eq!(ring.add(ADA).unwrap(), ADA_FPR);
        let betty = ring.add(BETTY).unwrap();
        ring.add(ADA).unwrap();
        assert_eq!(ring.len(), 2);
        let lower = ADA_FPR.to_lowercase();
        let picked = ring.select(&[&betty, &lower]).unwrap();
        assert_eq!(picked[0].fingerprint(), betty);
        assert_eq!(picked[1].fingerprint(), ADA_FPR);
        assert!(ring.remove(&lower));
        assert_eq!(
            ring.select(&[ADA_FPR]).unwrap_err(),
            PgpError::UnknownKey {
                fingerprint: ADA_FPR.into()
            }
        );
        assert_eq!(ring.fingerprints(), vec![betty]);
    }

    #[test]
    fn an_unreadable_key_is_refused_and_the_ring_is_unchanged() {
        let mut ring = Keyring::new();
        assert_eq!(ring.add("junk").unwrap_err().code(), "INVALID_ARMOR");
        assert!(ring.is_empty());
    }
}
