//! The iterated S2K hashed outside wasm: `UnlockedKey::s2k_hashings` lists exactly the
//! hashings that unlocking takes, and unlocking with their digests precomputed (as
//! `unlockKeyAsync` does with WebCrypto) gives the key that `unlock` gives, without one
//! hashing left to wasm.

use std::cell::Cell;
use std::fs;
use std::path::{Path, PathBuf};

use passbolt_core::pgp::{PrecomputedHashes, RepeatHasher, S2kHashing, UnlockedKey};
use pgp::crypto::hash::HashAlgorithm;
use sha2::Digest;
use zeroize::Zeroizing;

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

/// Every locked vector key with its passphrase.
fn locked_keys() -> Vec<(String, String, String)> {
    let v = vectors();
    let mut out = vec![
        (
            "fixtures/ada".into(),
            fs::read_to_string(v.join("fixtures/keys/ada_private.asc")).unwrap(),
            "ada-fixture-passphrase".into(),
        ),
        (
            "fixtures/betty".into(),
            fs::read_to_string(v.join("fixtures/keys/betty_private.asc")).unwrap(),
            "betty-fixture-passphrase".into(),
        ),
    ];
    for producer in ["gnupg", "openpgpjs"] {
        let dir = v.join("messages").join(producer).join("keys");
        let list: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(dir.join("keys.json")).unwrap()).unwrap();
        for k in list.as_array().unwrap() {
            let file = k["file"].as_str().unwrap().trim_start_matches("keys/");
            let pass = k["passphrase"].as_str().unwrap_or("").to_string();
            let name = format!("messages/{producer}/{}", k["name"].as_str().unwrap());
            out.push((name, fs::read_to_string(dir.join(file)).unwrap(), pass));
        }
    }
    out
}

/// The digest of a hashing, the whole stream laid out (what WebCrypto is given).
fn digest_of(h: &S2kHashing) -> Option<Zeroizing<Vec<u8>>> {
    let mut stream = vec![0u8; h.zeros];
    stream.extend(h.unit.iter().cycle().take(h.total));
    let digest = match h.hash {
        HashAlgorithm::Sha1 => sha1::Sha1::digest(&stream).to_vec(),
        HashAlgorithm::Sha256 => sha2::Sha256::digest(&stream).to_vec(),
        HashAlgorithm::Sha512 => sha2::Sha512::digest(&stream).to_vec(),
        _ => return None,
    };
    Some(Zeroizing::new(digest))
}

/// The precomputed digests, counting the hashings asked for that they do not hold.
struct Counting<'a> {
    done: &'a PrecomputedHashes,
    missed: Cell<usize>,
}

impl RepeatHasher for Counting<'_> {
    fn digest_of_repetition(
        &self,
        hash: HashAlgorithm,
        zeros: usize,
        unit: &[u8],
        total: usize,
    ) -> Option<Zeroizing<Vec<u8>>> {
        let found = self.done.digest_of_repetition(hash, zeros, unit, total);
        if found.is_none() {
            self.missed.set(self.missed.get() + 1);
        }
        found
    }
}

#[test]
fn precomputed_hashings_unlock_every_locked_vector_key() {
    let mut hashed_outside = 0;
    for (name, armored, passphrase) in locked_keys() {
        let expected =
            UnlockedKey::unlock(&armored, &passphrase).unwrap_or_else(|e| panic!("{name}: {e}"));
        let hashings = UnlockedKey::s2k_hashings(&armored, &passphrase).expect("hashings");
        let mut done = PrecomputedHashes::default();
        let mut all = true;
        for h in hashings {
            match digest_of(&h) {
                Some(d) => done.insert(h, d),
                None => all = false,
            }
        }
        let counting = Counting {
            done: &done,
            missed: Cell::new(0),
        };
        let got = UnlockedKey::unlock_with(&armored, &passphrase, Some(&counting))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got.fingerprint(), expected.fingerprint(), "{name}");
        if all {
            assert_eq!(counting.missed.get(), 0, "{name}: a hashing was not listed");
            hashed_outside += 1;
        }
        // A wrong digest is a wrong passphrase, never a wrong key.
        let wrong: Vec<S2kHashing> = UnlockedKey::s2k_hashings(&armored, &passphrase).unwrap();
        if !wrong.is_empty() {
            let mut bad = PrecomputedHashes::default();
            for h in wrong {
                let mut d = digest_of(&h).unwrap_or_else(|| Zeroizing::new(vec![0; 64]));
                d[0] ^= 1;
                bad.insert(h, d);
            }
            assert!(
                UnlockedKey::unlock_with(&armored, &passphrase, Some(&bad)).is_err(),
                "{name}"
            );
        }
    }
    assert!(hashed_outside >= 6, "keys hashed outside: {hashed_outside}");
}
